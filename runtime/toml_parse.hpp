#pragma once

// TOML text to a toml11 value, refusing text that is not UTF-8 first. TOML
// requires UTF-8, the check names line and column, and it keeps bad bytes
// away from toml11 3.7, which reads past its buffer when it reports them
// inside a multi-line string. Include only from .cpp files that use toml11.

#include "lighter/codec/text_encoding.hpp"

#include <toml.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// Text that is not UTF-8; what() is "name:line: not valid UTF-8 at ...".
class toml_encoding_error : public std::runtime_error {
public:
  toml_encoding_error(const std::string& name, const lighter::utf8_fault& f)
      : std::runtime_error(name + ":" + std::to_string(f.line) + ": " +
                           detail_of(f)),
        line_(f.line), detail_(detail_of(f)) {}

  int line() const noexcept { return line_; }

  /// What is wrong, without the name and line.
  const std::string& detail() const noexcept { return detail_; }

private:
  static std::string detail_of(const lighter::utf8_fault& f) {
    return f.to_string() + "; TOML files must be UTF-8";
  }

  int line_;
  std::string detail_;
};

/// toml::parse of `text` named `name`; throws toml_encoding_error for text
/// that is not UTF-8 and toml11's exceptions for the rest.
template <class Comment = toml::discard_comments,
          template <class...> class Table = std::unordered_map,
          template <class...> class Array = std::vector>
toml::basic_value<Comment, Table, Array> parse_toml(std::string_view text,
                                                    const std::string& name) {
  if (auto fault = lighter::find_utf8_fault(text))
    throw toml_encoding_error(name, *fault);
  std::istringstream in{std::string{text}};
  return toml::parse<Comment, Table, Array>(in, name);
}

} // namespace trailgrid::runtime
