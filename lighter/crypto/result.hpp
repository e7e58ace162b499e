#pragma once

// A small expected-like result: a value or an error message. Used where a
// caller must see why something failed (parsing, validation, verification).

#include "base/expected.hpp"

#include <string>

namespace trailgrid::lighter {

/// The error side of a result: one line naming the problem.
struct failure {
  std::string message;
};

/// Either a T or a failure.
template <class T>
using result = expected<T, failure>;

} // namespace trailgrid::lighter
