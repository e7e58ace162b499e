#pragma once

// The problems found while loading one config file. Include only from .cpp
// files that use toml11.

#include "runtime/config.hpp"
#include "runtime/config_value.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::runtime {

/// True for a key that looks like a secret ("private_key", "api_password"):
/// secrets never live in a config file.
bool is_secret_key(std::string_view key);

/// The names quoted and joined as a sentence lists them:
/// "\"a\", \"b\" or \"c\"".
std::string quoted_list(const std::vector<std::string_view>& names);

/// The errors and warnings of one config file, each with its line and key.
class config_report {
public:
  explicit config_report(std::string file) : file_(std::move(file)) {}

  /// The file's name as given to the loader.
  const std::string& file() const { return file_; }
  config_errors& errors() { return errors_; }
  std::vector<config_error>& warnings() { return warnings_; }

  void fail(int line, std::string key, std::string message);
  void warn(int line, std::string key, std::string message);

  /// "key 'name' <allowed>, got <the value as written>" at the value's line.
  void fail_value(const toml_value& v, std::string_view key,
                  const std::string& allowed);
  /// An unknown key of `where` ("[runtime]"), with the closest of `allowed`
  /// as a hint, or the whole list when none is close.
  void fail_unknown(int line, std::string_view key, std::string_view where,
                    const std::vector<std::string_view>& allowed);
  /// A secret-looking key, and where secrets go instead.
  void fail_secret(int line, std::string_view key);

private:
  std::string file_;
  config_errors errors_;
  std::vector<config_error> warnings_;
};

} // namespace trailgrid::runtime
