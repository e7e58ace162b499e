#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace trailgrid::lighter {

/// An error reported by the exchange itself: a REST body `{code, message}`
/// with code != 200, or the code/message of a rejected WS transaction.
struct api_error {
  int64_t code = 0;
  std::string message;
};

/// Why a payload could not be decoded. When the payload was a well-formed
/// exchange error body, `api` holds it (feed it to classify()); otherwise the
/// payload was malformed or lacked a required field and `message` says which.
struct decode_error {
  std::string message;
  std::optional<api_error> api;
};

/// The outcome of a decoder: a value or a decode_error. Never throws on
/// access misuse checks beyond std::get's own (check has_value() first).
template <class T>
class decode_result {
public:
  /// A success.
  decode_result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  /// A failure.
  decode_result(decode_error error)
      : state_(std::in_place_index<1>, std::move(error)) {}

  /// True on success.
  bool has_value() const { return state_.index() == 0; }
  /// True on success.
  explicit operator bool() const { return has_value(); }

  /// The value. @pre has_value()
  T& value() & { return std::get<0>(state_); }
  /// The value. @pre has_value()
  const T& value() const& { return std::get<0>(state_); }
  /// The value, moved out. @pre has_value()
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error. @pre !has_value()
  const decode_error& error() const { return std::get<1>(state_); }

private:
  std::variant<T, decode_error> state_;
};

} // namespace trailgrid::lighter
