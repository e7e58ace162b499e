#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trailgrid::lighter {

/// Appends `text` as a JSON string literal (quotes included), escaping `"`,
/// `\` and control characters; other bytes (UTF-8) pass through.
void append_json_string(std::string& out, std::string_view text);

/// `text` as a JSON string literal.
std::string json_string(std::string_view text);

/// Appends `text` percent-encoded for application/x-www-form-urlencoded and
/// query strings: unreserved characters (A-Z a-z 0-9 - . _ ~) stay, every
/// other byte becomes %XX (uppercase hex; a space is %20, never '+').
void append_percent_encoded(std::string& out, std::string_view text);

/// `text` percent-encoded (see append_percent_encoded).
std::string percent_encode(std::string_view text);

/// Ordered name/value pairs of a query string or a form body.
using form_fields = std::vector<std::pair<std::string, std::string>>;

/// "a=1&b=x%20y": the encoding of both query strings and
/// application/x-www-form-urlencoded bodies.
std::string form_encode(const form_fields& fields);

/// Decodes a query string or form body ('+' is a space; a name without '='
/// has an empty value; empty parts are skipped). Nothing on a malformed
/// percent escape.
std::optional<form_fields> form_decode(std::string_view text);

/// Where text stops being valid UTF-8: the offset of the first byte that
/// does not start or continue a valid sequence (overlong forms, surrogates
/// and code points above U+10FFFF are invalid), its line and column (both
/// from 1) and the byte itself.
struct utf8_fault {
  std::size_t offset = 0;
  int line = 0;
  int column = 0;
  unsigned char byte = 0;

  /// "not valid UTF-8 at column 12 (byte 0xE9)".
  std::string to_string() const;
};

/// The first fault of `text`; nothing when all of it is valid UTF-8.
std::optional<utf8_fault> find_utf8_fault(std::string_view text);

} // namespace trailgrid::lighter
