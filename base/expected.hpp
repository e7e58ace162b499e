#pragma once

// The one result type of the code base: a value, or the error that
// prevented it (a small stand-in for C++23's std::expected). Each area names
// its error type and an alias: lighter::decode_result (decode_error),
// lighter::rest_result (rest_error), lighter::net::result (net_error),
// lighter::result (failure), marketdata::read_result (read_error),
// runtime::expected (any). Header only; every layer may include it.

#include <type_traits>
#include <utility>
#include <variant>

namespace trailgrid {

/// Either a T or an E. T and E must differ (the constructors tell them
/// apart by type).
template <class T, class E>
class expected {
public:
  static_assert(!std::is_same_v<T, E>, "expected<T, E> needs T != E");

  using value_type = T;
  using error_type = E;

  /// A success.
  expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// A failure.
  expected(E error) : v_(std::in_place_index<1>, std::move(error)) {}

  /// True on success.
  bool has_value() const noexcept { return v_.index() == 0; }
  /// True on success.
  bool ok() const noexcept { return has_value(); }
  /// True on success.
  explicit operator bool() const noexcept { return has_value(); }

  /// The value. @pre has_value() (std::bad_variant_access otherwise)
  T& value() & { return std::get<0>(v_); }
  /// The value. @pre has_value()
  const T& value() const& { return std::get<0>(v_); }
  /// The value, moved out. @pre has_value()
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error. @pre !has_value()
  const E& error() const& { return std::get<1>(v_); }

private:
  std::variant<T, E> v_;
};

} // namespace trailgrid
