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

latency_model tier_latency(tier t, latency_model base) {
  const auto& info = lighter::tier_info_of(t);
  base.maker_delay_ms = info.maker_latency_ms;
  base.cancel_delay_ms = info.cancel_latency_ms;
  return base;
}

strategy::fee_params tier_fees(tier t) {
  const auto& info = lighter::tier_info_of(t);
  return {info.maker_fee_ppm, info.taker_fee_ppm};
}

} // namespace trailgrid::backtest
