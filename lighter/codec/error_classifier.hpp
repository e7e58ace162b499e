#pragma once

#include "lighter/codec/error_codes.hpp"
#include "lighter/codec/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::lighter {

/// Text for logs ("retry_later", ...).
const char* to_string(error_class c);

/// Text for logs ("post_only_cross", ...).
const char* to_string(reject_reason r);

/// The one classifier of exchange answers. Classifies an exchange code (REST
/// body `code`, WS `error.code`, or a rejected tx reply's `code`) and its
/// message with the table of error_codes.hpp. Text matches ("invalid nonce",
/// "post only") win over the code, because third-party reports pair those
/// texts with inconsistent codes. A code the table does not know is
/// error_class::unknown: log it with describe() and drop the order, never
/// retry it blindly.
error_class classify(int64_t code, std::string_view message = {});

/// Classifies an exchange error value.
inline error_class classify(const api_error& e) {
  return classify(e.code, e.message);
}

/// Classifies an HTTP answer: the body's code when there is one (`api`),
/// else the status alone (429 -> retry_later, 5xx -> retry_later, 401/403 ->
/// reauth, 404 -> not_found, other 4xx -> unknown, 2xx -> ok).
error_class classify_http(int http_status,
                          const std::optional<api_error>& api = {});

/// Why an order was refused, for the executor's order_rejected: same text
/// rules and table as classify(). Unknown codes are `other`.
reject_reason reject_reason_of(int64_t code, std::string_view message = {});

/// One log line for an exchange error: the code, the operator message of the
/// table (or "not in the code table" for an unknown code) and the
/// exchange's own text, e.g.
/// `exchange code 21136 (register a fresh API key ...): "invalid PublicKey"`.
std::string describe(int64_t code, std::string_view message = {});

} // namespace trailgrid::lighter
