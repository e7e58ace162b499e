#include "runtime/config_section_reader.hpp"

#include "runtime/config_keys.hpp"

#include <algorithm>

namespace trailgrid::runtime {

std::map<std::string, int> read_section(const toml_value& t,
                                        const section_table& section,
                                        config_report& report) {
  std::vector<std::string_view> names;
  for (auto& k : section.keys)
    names.push_back(k.name);
  std::map<std::string, int> lines;
  for (auto& [key, v] : t.as_table()) {
    lines[key] = line_of(v);
    auto row =
        std::find_if(section.keys.begin(), section.keys.end(),
                     [&](const section_key& k) { return k.name == key; });
    if (is_secret_key(key)) {
      report.fail_secret(line_of(v), key);
    } else if (row != section.keys.end()) {
      row->read(report, key, v);
    } else if (section.strategy_keys_misplaced && find_strategy_key(key)) {
      report.fail(line_of(v), key,
                  "key '" + key +
                      "' is a per-market strategy key: put it in [defaults] "
                      "or a [[market]], not in " +
                      std::string{section.where});
    } else {
      // A table value is reported at the section's line.
      report.fail_unknown(v.is_table() ? line_of(t) : line_of(v), key,
                          section.where, names);
    }
  }
  return lines;
}

bool get_string(config_report& report, const toml_value& v,
                std::string_view key, std::string& out,
                const std::string& allowed) {
  if (!v.is_string()) {
    report.fail_value(v, key, allowed);
    return false;
  }
  out = v.as_string().str;
  return true;
}

bool get_int(config_report& report, const toml_value& v, std::string_view key,
             int64_t lo, int64_t hi, int64_t& out) {
  if (!v.is_integer() || v.as_integer() < lo || v.as_integer() > hi) {
    report.fail_value(v, key,
                      "must be an integer in " + std::to_string(lo) + ".." +
                          std::to_string(hi));
    return false;
  }
  out = v.as_integer();
  return true;
}

namespace reader {

namespace {

key_reader url_reader(std::vector<std::string_view> schemes, bool empty_is_off,
                      std::string& field) {
  std::string allowed = "must be a URL starting with " + quoted_list(schemes);
  if (empty_is_off) allowed += " (\"\" = off)";
  return [schemes = std::move(schemes), empty_is_off,
          allowed = std::move(allowed), &field](
             config_report& report, std::string_view key, const toml_value& v) {
    std::string s;
    if (!get_string(report, v, key, s, allowed)) return;
    bool fits = empty_is_off && s.empty();
    for (auto scheme : schemes)
      fits = fits || s.rfind(scheme, 0) == 0;
    if (fits)
      field = s;
    else
      report.fail_value(v, key, allowed);
  };
}

} // namespace

key_reader integer_list(int max, std::vector<int>& field) {
  return [max, &field](config_report& report, std::string_view key,
                       const toml_value& v) {
    bool fits = v.is_array();
    if (fits)
      for (auto& e : v.as_array())
        fits = fits && e.is_integer() && e.as_integer() >= 0 &&
               e.as_integer() <= max;
    if (!fits) {
      report.fail_value(v, key,
                        "must be an array of integers 0.." +
                            std::to_string(max) + " ([] = all)");
      return;
    }
    field.clear();
    for (auto& e : v.as_array())
      field.push_back(static_cast<int>(e.as_integer()));
  };
}

key_reader boolean(bool& field) {
  return [&field](config_report& report, std::string_view key,
                  const toml_value& v) {
    if (v.is_boolean())
      field = v.as_boolean();
    else
      report.fail_value(v, key, "must be true or false");
  };
}

key_reader text(std::string allowed, std::string& field) {
  return [allowed = std::move(allowed), &field](
             config_report& report, std::string_view key, const toml_value& v) {
    get_string(report, v, key, field, allowed);
  };
}

key_reader non_empty_text(std::string allowed, std::string& field) {
  return [allowed = std::move(allowed), &field](
             config_report& report, std::string_view key, const toml_value& v) {
    std::string s;
    if (!get_string(report, v, key, s, allowed)) return;
    if (s.empty())
      report.fail_value(v, key, allowed);
    else
      field = s;
  };
}

key_reader url(std::vector<std::string_view> schemes, std::string& field) {
  return url_reader(std::move(schemes), false, field);
}

key_reader url_or_off(std::vector<std::string_view> schemes,
                      std::string& field) {
  return url_reader(std::move(schemes), true, field);
}

key_reader amount_of(std::string allowed, amount& field) {
  return [allowed = std::move(allowed), &field](
             config_report& report, std::string_view key, const toml_value& v) {
    if (auto a = to_amount(v))
      field = *a;
    else
      report.fail_value(v, key, allowed);
  };
}

key_reader one_of(std::vector<std::string_view> names, std::string& field) {
  auto allowed = "must be " + quoted_list(names);
  auto parse = [names = std::move(names)](
                   std::string_view s) -> std::optional<std::string> {
    if (std::find(names.begin(), names.end(), s) == names.end())
      return std::nullopt;
    return std::string{s};
  };
  return parsed(std::move(allowed), std::move(parse), field);
}

} // namespace reader

} // namespace trailgrid::runtime
