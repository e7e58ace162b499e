#include "messages/register_types.hpp"

#include "messages/admin.hpp"
#include "messages/errors.hpp"
#include "messages/interfaces.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/atom.hpp"
#include "caf/message.hpp"

namespace trailgrid::messages {

namespace {

// Renders "trailgrid: signing_failed (bad price)" style errors.
std::string render_error(uint8_t code, caf::atom_value,
                         const caf::message& ctx) {
  auto text = "trailgrid: " + to_string(static_cast<error_code>(code));
  if (ctx.match_elements<std::string>())
    text += " (" + ctx.get_as<std::string>(0) + ")";
  return text;
}

// Renders "admin: bad_token (wrong admin token)" style errors.
std::string render_admin_error(uint8_t code, caf::atom_value,
                               const caf::message& ctx) {
  auto text = "admin: " + to_string(static_cast<admin_error>(code));
  if (ctx.match_elements<std::string>())
    text += " (" + ctx.get_as<std::string>(0) + ")";
  return text;
}

} // namespace

void register_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::trailgrid_messages>();
  cfg.add_error_category(caf::atom("trailgrid"), render_error);
  cfg.add_error_category(caf::atom("admin"), render_admin_error);
}

} // namespace trailgrid::messages
