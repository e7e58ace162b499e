#include "runtime/market_setup.hpp"

#include <algorithm>

namespace trailgrid::runtime {

reset_pacing reset_pacing_of(const exchange_config& ex) {
  return ex.signer_paces_sends() ? reset_pacing::account
                                 : reset_pacing::per_market;
}

namespace {

// Lifts the strategy's private bucket unless the config sets one.
void pace_by_account(const market_config& m, strategy::strategy_params& p) {
  auto& set = m.settings.set_at;
  if (set.count("tx_bucket_capacity") != 0 ||
      set.count("tx_refill_per_minute") != 0)
    return;
  constexpr int64_t unlimited = 1'000'000'000;
  p.risk.tx_bucket_capacity = unlimited;
  p.risk.tx_refill_per_minute = unlimited;
}

} // namespace

expected<market_setup, std::string>
resolve_market(const market_config& m,
               const std::vector<lighter::market_info>& exchange,
               reset_pacing pacing) {
  auto i = std::find_if(exchange.begin(), exchange.end(),
                        [&](const auto& x) { return x.symbol == m.symbol; });
  if (i == exchange.end())
    return "market '" + m.symbol + "' (line " + std::to_string(m.line) +
           "): the exchange has no market of that symbol";
  if (!i->status.empty() && !i->is_active())
    return "market '" + m.symbol + "': the exchange reports it " + i->status;
  market_setup out;
  out.symbol = m.symbol;
  out.info = *i;
  out.spec = i->to_market_spec();
  auto params = m.resolve(out.spec);
  if (!params)
    return "market '" + m.symbol + "' (line " + std::to_string(m.line) +
           "): " + params.error();
  out.params = params.value();
  if (pacing == reset_pacing::account) pace_by_account(m, out.params);
  out.api_key_index = m.api_key_index;
  return out;
}

std::optional<int> pool_key(const exchange_config& ex, std::size_t ordinal) {
  auto keys = ex.api_keys();
  if (keys.empty()) return std::nullopt;
  return keys[ordinal % keys.size()];
}

expected<std::vector<market_setup>, std::string>
resolve_markets(const config& cfg,
                const std::vector<lighter::market_info>& exchange) {
  std::vector<market_setup> out;
  std::string errors;
  std::size_t spread = 0; // markets that take the pool's keys in turn
  for (auto& m : cfg.markets) {
    auto r = resolve_market(m, exchange, reset_pacing_of(cfg.exchange));
    if (r) {
      if (!r.value().api_key_index)
        r.value().api_key_index = pool_key(cfg.exchange, spread++);
      out.push_back(std::move(r.value()));
    } else {
      errors += (errors.empty() ? "" : "\n") + r.error();
    }
  }
  if (!errors.empty()) return errors;
  return out;
}

expected<market_config, std::string>
market_from_settings(const std::string& config_text,
                     const std::string& config_name, const std::string& symbol,
                     const std::string& settings) {
  // A market of the file (re-added after a remove) keeps its own entry.
  auto base = parse_config(config_text, config_name);
  if (base)
    for (auto& m : base.value().markets)
      if (m.symbol == symbol) {
        if (settings.find_first_not_of(" \t\r\n") == std::string::npos)
          return m;
        return std::string{"market '" + symbol +
                           "' is defined in the config file: add it without "
                           "settings, or change the file"};
      }
  if (settings.find("[") != std::string::npos)
    return std::string{"settings are the keys of one [[market]] entry, "
                       "without table headers"};
  auto text = config_text + "\n[[market]]\nsymbol = \"" + symbol + "\"\n" +
              settings + "\n";
  auto parsed = parse_config(text, config_name);
  if (!parsed) return parsed.error().to_string();
  auto& markets = parsed.value().markets;
  if (markets.empty() || markets.back().symbol != symbol)
    return std::string{"market '" + symbol + "' could not be read"};
  return markets.back();
}

int warmup_candles(const strategy::atr_params& atr) {
  const int64_t per_bar =
      std::max<int64_t>(1, (atr.bar_interval_ms + 59'999) / 60'000);
  return static_cast<int>(std::min<int64_t>((atr.period + 2) * per_bar, 500));
}

} // namespace trailgrid::runtime
