#include "backtest/options.hpp"

namespace trailgrid::backtest {

std::string_view to_string(fill_rule r) {
  return r == fill_rule::touch ? "touch" : "trade_through";
}

std::optional<fill_rule> parse_fill_rule(std::string_view s) {
  if (s == "trade_through") return fill_rule::trade_through;
  if (s == "touch") return fill_rule::touch;
  return std::nullopt;
}

std::string_view to_string(tier t) {
  return t == tier::premium ? "premium" : "standard";
}

std::optional<tier> parse_tier(std::string_view s) {
  if (s == "standard") return tier::standard;
  if (s == "premium") return tier::premium;
  return std::nullopt;
}

latency_model tier_latency(tier t, latency_model base) {
  base.maker_delay_ms = t == tier::premium ? 0 : 200;
  base.cancel_delay_ms = t == tier::premium ? 0 : 100;
  return base;
}

strategy::fee_params tier_fees(tier t) {
  if (t == tier::premium) return {20, 200}; // 0.002 % / 0.02 %
  return {0, 0};
}

} // namespace trailgrid::backtest
