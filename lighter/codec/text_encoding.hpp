#pragma once

#include <string>
#include <string_view>

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

} // namespace trailgrid::lighter
