#include "messages/admin.hpp"

#include "caf/error.hpp"
#include "caf/make_message.hpp"

namespace trailgrid::messages {

std::string to_string(admin_error x) {
  switch (x) {
  case admin_error::bad_token:
    return "bad_token";
  case admin_error::bad_config:
    return "bad_config";
  case admin_error::stale_reload:
    return "stale_reload";
  case admin_error::not_supported:
    return "not_supported";
  case admin_error::reload_incomplete:
    return "reload_incomplete";
  }
  return "admin_error(?)";
}

caf::error make_error(admin_error x, std::string context) {
  return caf::error{static_cast<uint8_t>(x), caf::atom("admin"),
                    caf::make_message(std::move(context))};
}

} // namespace trailgrid::messages
