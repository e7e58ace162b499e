#pragma once

#include "lighter/codec/tiers.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/params.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::backtest {

/// How long things take between the bot and the exchange (milliseconds).
/// Defaults are Lighter's standard tier (~200 ms maker, 200 ms cancel).
struct latency_model {
  /// A fill at the exchange reaches the strategy this much later.
  int64_t fill_notify_ms = 50;
  /// Network round trip of one reset batch: the exchange receives it after
  /// half of this, the executor reports reset_done after all of it.
  int64_t reset_rtt_ms = 100;
  /// The exchange's speed bump: a post-only order rests (can fill) this long
  /// after the exchange received it (standard tier 200, premium 0).
  int64_t maker_delay_ms = 200;
  /// A cancel takes effect this long after the exchange received it
  /// (standard tier 200, premium 0). Until then the old order can still fill.
  int64_t cancel_delay_ms = 200;
};

/// When a resting order counts as filled by the market.
enum class fill_rule : uint8_t {
  /// The market traded strictly beyond the order's price (default: the
  /// level was certainly consumed, fills are not optimistic).
  trade_through,
  /// The market traded at the order's price (optimistic for a queue).
  touch,
};

/// "trade_through" / "touch".
std::string_view to_string(fill_rule r);
/// Parses a fill rule name.
std::optional<fill_rule> parse_fill_rule(std::string_view s);

/// The account tier: it sets the latency and fee defaults (the one tier
/// table, lighter/codec/tiers.hpp).
using tier = lighter::account_tier;
using lighter::parse_tier;
using lighter::to_string;

/// Latency defaults of a tier: its maker and cancel latency (fill_notify_ms
/// and reset_rtt_ms are network figures and stay as given in `base`).
latency_model tier_latency(tier t, latency_model base = {});
/// Fees of a tier in ppm of notional (standard 0/0, plus 50/50, premium
/// 40/280 without staked LIT).
strategy::fee_params tier_fees(tier t);

/// Everything about the simulated market that is not the strategy's config.
struct engine_options {
  latency_model latency;
  fill_rule fill = fill_rule::trade_through;
  /// With L2 depth: an order at a level waits behind the size that was
  /// there when it went live; trades at its price eat that queue first.
  bool queue_position = false;
  /// Synthetic book from a price path (candles, trades without L2): best bid
  /// and ask this many ticks apart around the price (>= 1).
  int64_t spread_ticks = 1;
  /// Funding paid by longs (received by shorts) every 8 h at 00/08/16 UTC, in
  /// ppm of the position's notional (negative: shorts pay). 0 = off.
  strategy::ppm funding_ppm_8h = 0;
  /// Collateral of the account in quote units; when > 0 the strategy gets
  /// balance events (free = collateral + equity - margin of the position).
  strategy::quote_units collateral{0};
  /// Bars (of the strategy's ATR interval) fed to the ATR before the strategy
  /// sees the market; -1 = until the ATR is initialised (period + 1 bars).
  int warmup_bars = -1;
  /// Points per chart series in the report (buckets over the data span).
  int series_points = 1000;
};

} // namespace trailgrid::backtest
