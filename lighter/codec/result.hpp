#pragma once

#include "base/expected.hpp"

#include <cstdint>
#include <optional>
#include <string>

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

/// The outcome of a decoder: a value or a decode_error.
template <class T>
using decode_result = expected<T, decode_error>;

} // namespace trailgrid::lighter
