#pragma once

// A small expected-like result: a value or an error message. Used where a
// caller must see why something failed (parsing, validation, verification).

#include <string>
#include <utility>
#include <variant>

namespace trailgrid::lighter {

/// The error side of a result: one line naming the problem.
struct failure {
  std::string message;
};

/// Either a T or a failure.
template <class T>
class result {
public:
  /// A successful result.
  result(T value) : v_(std::move(value)) {}
  /// A failed result.
  result(failure f) : v_(std::move(f)) {}

  /// True on success.
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// The value; only valid when ok().
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error message; only valid when !ok().
  const std::string& error() const { return std::get<1>(v_).message; }

private:
  std::variant<T, failure> v_;
};

} // namespace trailgrid::lighter
