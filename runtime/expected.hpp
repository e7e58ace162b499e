#pragma once

#include <utility>
#include <variant>

namespace trailgrid::runtime {

/// A value or the error that prevented it (a small std::expected stand-in).
template <class T, class E>
class expected {
public:
  /// A successful result.
  expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// A failed result.
  expected(E err) : v_(std::in_place_index<1>, std::move(err)) {}

  /// True when a value is present.
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// The value. @pre ok()
  T& value() { return std::get<0>(v_); }
  /// The value. @pre ok()
  const T& value() const { return std::get<0>(v_); }
  /// The error. @pre !ok()
  const E& error() const { return std::get<1>(v_); }

private:
  std::variant<T, E> v_;
};

} // namespace trailgrid::runtime
