#pragma once

#include "lighter/codec/error_classifier.hpp"

#include "base/expected.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::lighter {

/// Where a REST call failed.
enum class rest_failure : uint8_t {
  transport, ///< no HTTP answer (connect, TLS, timeout, broken connection)
  exchange,  ///< the exchange answered with an error (HTTP or body code)
  malformed, ///< an answer that could not be decoded
  throttled, ///< our own rate limiter refused the request; nothing sent
};

/// Text for logs ("transport", ...).
const char* to_string(rest_failure f);

/// A failed REST call: what happened and what to do about it (`cls`).
struct rest_error {
  rest_failure kind = rest_failure::transport;
  /// What the caller should do. transport: retry_later when nothing can
  /// have reached the exchange (resolve/connect), unknown otherwise (a POST
  /// may have been taken); throttled: retry_later; malformed: unknown;
  /// exchange: classify_http(status, body).
  error_class cls = error_class::unknown;
  int http_status = 0; ///< 0 without an HTTP answer
  int64_t code = 0;    ///< the exchange's code, when it sent one
  std::string message;
  /// throttled: how long until the request would fit the budget (0 when
  /// it never does).
  int64_t retry_after_ms = 0;
};

/// Either a value or a rest_error.
template <class T>
using rest_result = expected<T, rest_error>;

} // namespace trailgrid::lighter
