#pragma once

#include "lighter/codec/error_classifier.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

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
class rest_result {
public:
  /// A success.
  rest_result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// A failure.
  rest_result(rest_error err) : v_(std::in_place_index<1>, std::move(err)) {}

  /// True on success.
  bool has_value() const noexcept { return v_.index() == 0; }
  /// True on success.
  explicit operator bool() const noexcept { return has_value(); }
  /// The value. @pre has_value()
  T& value() & { return std::get<0>(v_); }
  /// The value. @pre has_value()
  const T& value() const& { return std::get<0>(v_); }
  /// The value, moved out. @pre has_value()
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  /// The error. @pre !has_value()
  const rest_error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, rest_error> v_;
};

} // namespace trailgrid::lighter
