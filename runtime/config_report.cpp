#include "runtime/config_report.hpp"

#include "runtime/config_keys.hpp"

#include <algorithm>
#include <cctype>

namespace trailgrid::runtime {

namespace {

constexpr std::string_view secret_hint =
    "set LIGHTER_PRIVATE_KEY in the environment or in a .env file next to the "
    "config or in the working directory";

} // namespace

bool is_secret_key(std::string_view key) {
  std::string k{key};
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (auto word : {"private_key", "secret", "password", "mnemonic", "seed"})
    if (k.find(word) != std::string::npos) return true;
  return false;
}

std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "\"" + std::string{names[i]} + "\"";
  }
  return out;
}

void config_report::fail(int line, std::string key, std::string message) {
  errors_.errors.push_back({file_, line, std::move(key), std::move(message)});
}

void config_report::warn(int line, std::string key, std::string message) {
  warnings_.push_back({file_, line, std::move(key), std::move(message)});
}

void config_report::fail_value(const toml_value& v, std::string_view key,
                               const std::string& allowed) {
  fail(line_of(v), std::string{key},
       "key '" + std::string{key} + "' " + allowed + ", got " + written(v));
}

void config_report::fail_unknown(int line, std::string_view key,
                                 std::string_view where,
                                 const std::vector<std::string_view>& allowed) {
  std::string msg =
      "unknown key '" + std::string{key} + "' in " + std::string{where};
  auto hint = closest_key(key, allowed);
  if (!hint.empty())
    msg += " (did you mean '" + std::string{hint} + "'?)";
  else
    msg += " (allowed: " + quoted_list(allowed) + ")";
  fail(line, std::string{key}, std::move(msg));
}

void config_report::fail_secret(int line, std::string_view key) {
  fail(line, std::string{key},
       "key '" + std::string{key} +
           "' looks like a secret and is not allowed in a config file: " +
           std::string{secret_hint});
}

} // namespace trailgrid::runtime
