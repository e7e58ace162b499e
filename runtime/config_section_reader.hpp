#pragma once

// A fixed section of the config ([exchange], [risk], [runtime], [notify])
// read through its key table: one row per key, one loop for every section,
// and the shared readers the rows are made of. Include only from .cpp files
// that use toml11.

#include "runtime/config_report.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trailgrid::runtime {

/// Checks the value of `key` and stores it where the row says; a value that
/// does not fit is reported and leaves the config as it was.
using key_reader = std::function<void(
    config_report& report, std::string_view key, const toml_value& v)>;

/// One key of a fixed section: its name, how it is read and where it goes.
struct section_key {
  std::string_view name;
  key_reader read;
};

/// The keys of one fixed section, in the order an unknown key's error lists
/// them.
struct section_table {
  std::string_view where; ///< the section as messages name it: "[runtime]"
  std::vector<section_key> keys;
  /// A strategy key here is reported as belonging in [defaults] or a
  /// [[market]] rather than as unknown.
  bool strategy_keys_misplaced = false;
};

/// Reads table `t` key by key through `section`; secret-looking and unknown
/// keys are errors. Returns the line of each key present (the checks across
/// keys name them).
std::map<std::string, int> read_section(const toml_value& t,
                                        const section_table& section,
                                        config_report& report);

/// A string; false (after an error saying `allowed`) for another type.
bool get_string(config_report& report, const toml_value& v,
                std::string_view key, std::string& out,
                const std::string& allowed);

/// An integer in lo..hi; false (after an error) otherwise.
bool get_int(config_report& report, const toml_value& v, std::string_view key,
             int64_t lo, int64_t hi, int64_t& out);

/// The readers of the rows. Each returns a key_reader that checks the value
/// and stores it in `field`, which must outlive the reader.
namespace reader {

/// An integer in lo..hi.
template <class Field>
key_reader integer(int64_t lo, int64_t hi, Field& field) {
  return [lo, hi, &field](config_report& report, std::string_view key,
                          const toml_value& v) {
    int64_t i = 0;
    if (get_int(report, v, key, lo, hi, i)) field = static_cast<Field>(i);
  };
}

/// 0 (off) or an integer in lo..hi.
template <class Field>
key_reader integer_or_off(int64_t lo, int64_t hi, Field& field) {
  return [lo, hi, &field](config_report& report, std::string_view key,
                          const toml_value& v) {
    int64_t i = 0;
    if (v.is_integer() && v.as_integer() == 0)
      field = 0;
    else if (get_int(report, v, key, lo, hi, i))
      field = static_cast<Field>(i);
  };
}

/// An array of integers in 0..max ([] = all).
key_reader integer_list(int max, std::vector<int>& field);

/// true or false.
key_reader boolean(bool& field);

/// Any string, "" included; `allowed` says what it holds.
key_reader text(std::string allowed, std::string& field);

/// A string other than "".
key_reader non_empty_text(std::string allowed, std::string& field);

/// A URL starting with one of `schemes` ("https://").
key_reader url(std::vector<std::string_view> schemes, std::string& field);

/// A URL as for url(), or "" for off.
key_reader url_or_off(std::vector<std::string_view> schemes,
                      std::string& field);

/// A decimal amount of at least 0; `allowed` says how it is written.
key_reader amount_of(std::string allowed, amount& field);

/// A name that `parse` turns into the field's value (an std::optional,
/// empty for a name it does not know).
template <class Field, class Parse>
key_reader parsed(std::string allowed, Parse parse, Field& field) {
  return [allowed = std::move(allowed), parse, &field](
             config_report& report, std::string_view key, const toml_value& v) {
    std::string s;
    if (!get_string(report, v, key, s, allowed)) return;
    if (auto x = parse(s))
      field = *x;
    else
      report.fail_value(v, key, allowed);
  };
}

/// One of `names`, stored as written.
key_reader one_of(std::vector<std::string_view> names, std::string& field);

/// One of the names of `values`, stored as its value. `allowed` is the list
/// of names unless given.
template <class Value>
key_reader named(std::vector<std::pair<std::string_view, Value>> values,
                 Value& field, std::string allowed = {}) {
  if (allowed.empty()) {
    std::vector<std::string_view> names;
    for (auto& entry : values)
      names.push_back(entry.first);
    allowed = "must be " + quoted_list(names);
  }
  auto parse =
      [values = std::move(values)](std::string_view s) -> std::optional<Value> {
    for (auto& [name, value] : values)
      if (name == s) return value;
    return std::nullopt;
  };
  return parsed(std::move(allowed), std::move(parse), field);
}

} // namespace reader

} // namespace trailgrid::runtime
