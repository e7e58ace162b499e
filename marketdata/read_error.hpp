#pragma once

#include "base/expected.hpp"

#include <cstdint>
#include <string>

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
using read_result = expected<T, read_error>;

} // namespace trailgrid::marketdata
