#include "strategy/commands.hpp"

namespace trailgrid::strategy {

std::string_view to_string(reset_reason r) {
  switch (r) {
  case reset_reason::start:
    return "start";
  case reset_reason::fill:
    return "fill";
  case reset_reason::trailing:
    return "trailing";
  case reset_reason::resume:
    return "resume";
  case reset_reason::exposure:
    return "exposure";
  case reset_reason::balance:
    return "balance";
  case reset_reason::position:
    return "position";
  }
  return "unknown";
}

std::string_view to_string(cancel_reason r) {
  switch (r) {
  case cancel_reason::breaker:
    return "breaker";
  case cancel_reason::halt:
    return "halt";
  case cancel_reason::market_inactive:
    return "market_inactive";
  }
  return "unknown";
}

std::string_view to_string(halt_reason r) {
  switch (r) {
  case halt_reason::drawdown:
    return "drawdown";
  case halt_reason::operator_request:
    return "operator_request";
  case halt_reason::account_drawdown:
    return "account_drawdown";
  }
  return "unknown";
}

std::optional<halt_reason> parse_halt_reason(std::string_view s) {
  for (auto r : {halt_reason::drawdown, halt_reason::operator_request,
                 halt_reason::account_drawdown})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

strategy_command& command_buffer::next() {
  if (size_ == slots_.size()) slots_.emplace_back();
  return slots_[size_++];
}

replace_grid_command& command_buffer::add_replace() {
  auto& slot = next();
  if (auto* existing = std::get_if<replace_grid_command>(&slot))
    return *existing;
  return slot.emplace<replace_grid_command>();
}

} // namespace trailgrid::strategy
