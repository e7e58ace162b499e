#include "lighter/net/result.hpp"

namespace trailgrid::lighter::net {

const char* to_string(net_errc code) noexcept {
  switch (code) {
  case net_errc::invalid_argument:
    return "invalid argument";
  case net_errc::resolve:
    return "resolve";
  case net_errc::connect:
    return "connect";
  case net_errc::tls:
    return "tls";
  case net_errc::timeout:
    return "timeout";
  case net_errc::io:
    return "io";
  case net_errc::closed:
    return "closed";
  case net_errc::protocol:
    return "protocol";
  case net_errc::cancelled:
    return "cancelled";
  }
  return "unknown";
}

} // namespace trailgrid::lighter::net
