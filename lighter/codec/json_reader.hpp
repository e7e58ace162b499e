#pragma once

// Internal to lighter_codec: simdjson on-demand helpers shared by the REST and
// WS decoders. Only the codec's .cpp files include this header, so the large
// simdjson header stays out of everybody else's build.

#include "lighter/codec/numbers.hpp"

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace trailgrid::lighter::detail {

namespace od = simdjson::ondemand;

/// A parser plus a reusable padded copy of the input (simdjson reads up to
/// SIMDJSON_PADDING bytes past the end). Raw string tokens handed out by the
/// helpers below point into this copy and stay valid until the next parse.
class json_source {
public:
  /// Copies `text` and starts an on-demand iteration over it.
  simdjson::error_code iterate(std::string_view text, od::document& doc);

private:
  od::parser parser_;
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
};

/// Where an error message is built up while a decoder unwinds.
struct context {
  std::string error;

  /// Records `msg` and returns false (for `return c.fail(...)`).
  bool fail(std::string msg) {
    error = std::move(msg);
    return false;
  }
  /// Prefixes the current error with where it happened; returns false.
  bool in(std::string_view where) {
    error.insert(0, std::string(where) + (error.empty() ? "" : ": "));
    return false;
  }
  /// Records a simdjson error and returns false.
  bool json(simdjson::error_code e) {
    return fail(std::string("malformed JSON: ") + simdjson::error_message(e));
  }
};

/// The key of `f` as written (keys never carry escapes on this exchange).
std::string_view key_of(od::field& f);

/// Quotes stripped from a raw string token; trailing whitespace tolerated.
/// False when `token` is not a string.
bool raw_string_of(std::string_view token, std::string_view& out);

/// Trims whitespace that raw_json_token() may include after a scalar.
std::string_view trim_token(std::string_view token);

/// An integer: a JSON integer or a string holding one ("1772570399858").
bool get_int(od::value& v, int64_t& out, context& c);
/// An int-sized integer.
bool get_int(od::value& v, int& out, context& c);
/// A JSON boolean (0/1 integers are accepted too).
bool get_bool(od::value& v, bool& out, context& c);
/// A JSON number or a string holding one.
bool get_double(od::value& v, double& out, context& c);
/// A string, unescaped and copied.
bool get_string(od::value& v, std::string& out, context& c);
/// The raw contents of a string token (not unescaped): used for decimals,
/// which are plain ASCII. The view lives as long as the json_source copy.
bool get_raw_string(od::value& v, std::string_view& out, context& c);
/// The raw text of a scalar: a string's contents or a number's token.
bool get_scalar_text(od::value& v, std::string_view& out, context& c);

/// `text` scaled by 10^decimals exactly (prices and sizes).
bool to_fixed(std::string_view text, int decimals, int64_t& out, context& c,
              std::string_view what);
/// `text` (a decimal or a JSON number token) rounded to `decimals` places.
bool to_nearest(std::string_view text, int decimals, int64_t& out, context& c,
                std::string_view what);
/// `text` as an exact decimal_value.
bool to_decimal(std::string_view text, decimal_value& out, context& c,
                std::string_view what);
/// `text` as USDC, nearest micro.
bool to_usdc(std::string_view text, usdc_amount& out, context& c,
             std::string_view what);

/// A decimal integer map key such as "96" (market or asset ids).
bool int_key(std::string_view key, int& out);

/// True when the document has been consumed up to its end (nothing trails
/// the top-level value).
bool at_end(od::document& doc);

/// The iteration of a top-level object with an error check on trailing text.
bool top_object(od::document& doc, od::object& obj, context& c);

} // namespace trailgrid::lighter::detail
