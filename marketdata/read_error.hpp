#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace trailgrid::marketdata {

/// Why a market-data file could not be read: where, and what was wrong.
struct read_error {
  std::string file;        ///< the path as given
  int64_t line = 0;        ///< 1-based; 0 = the file as a whole (open, gzip)
  int column = 0;          ///< 1-based CSV column; 0 = the line as a whole
  std::string column_name; ///< header name of `column`, if any
  std::string message;     ///< what was wrong, including the offending text

  /// "file:line: column 3 (high): message" (parts left out when unknown).
  std::string to_string() const;
};

/// A value or the read_error that prevented it.
template <class T>
class read_result {
public:
  /// A successful result.
  read_result(T value) : v_(std::move(value)) {}
  /// A failed result.
  read_result(read_error err) : v_(std::move(err)) {}

  /// True when a value is present.
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// The value. @pre ok()
  T& value() { return std::get<0>(v_); }
  /// The value. @pre ok()
  const T& value() const { return std::get<0>(v_); }
  /// The error. @pre !ok()
  const read_error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, read_error> v_;
};

} // namespace trailgrid::marketdata
