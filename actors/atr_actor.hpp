#pragma once

#include "messages/interfaces.hpp"
#include "strategy/atr.hpp"
#include "strategy/bar_builder.hpp"
#include "strategy/params.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::actors {

/// Which prices build the ATR's bars. Mixing them in one bar would give
/// false ranges, so exactly one counts.
enum class bar_price_source : uint8_t {
  trade, ///< public trade prints (what exchange candles are made of)
  mid,   ///< (best bid + best ask) / 2 of each top_of_book
  mark,  ///< the exchange mark price
};

/// "trade", "mid" or "mark".
std::string_view to_string(bar_price_source x);

/// Spawn arguments of an ATR actor.
struct atr_actor_config {
  std::string market;          ///< symbol, for logs and status
  int32_t market_index = 0;    ///< stamped on every atr_update
  int price_decimals = 0;      ///< for showing the ATR as a price
  strategy::atr_params params; ///< period and bar interval
  strategy::atr_convention convention = strategy::atr_convention::talib;
  /// Default trade: the warm-up candles are trade bars too.
  bar_price_source source = bar_price_source::trade;
  /// Completed exchange candles, oldest first, prices in price ticks, of an
  /// interval that divides the bar interval (e.g. 1 m candles for 5 m bars).
  /// Fetching them is the feed's job; the actor only replays them.
  std::vector<strategy::ohlc_bar> warmup;
  /// How long after a bar's end the timer closes it, so prints stamped just
  /// before the end that arrive a little late still count.
  std::chrono::milliseconds close_grace{250};
  /// Unix ms = actor clock ms + this. Nothing: measured from the system
  /// clock at start (tests set it to run on the virtual clock).
  std::optional<int64_t> unix_offset_ms;
  /// The grid to publish to until market_peers names one (tests,
  /// standalone use); invalid by default.
  messages::grid_actor grid;
};

/// State of an ATR actor (public for tests and status).
struct atr_actor_state {
  atr_actor_config cfg;
  std::optional<strategy::bar_builder> bars;
  std::optional<strategy::atr> atr;
  messages::grid_actor grid;
  int64_t offset_ms = 0;
  /// End of the last closed bar: prices stamped before it are late and
  /// dropped (they would reopen a bar the ATR has already seen).
  int64_t closed_until_ms = std::numeric_limits<int64_t>::min();
  /// The latest update, re-sent to a grid that appears later.
  std::optional<messages::atr_update> last;
  uint64_t late_prices = 0; ///< prices dropped for being late
  uint64_t updates_sent = 0;
  caf::actor_clock::time_point started_at;

  static inline const char* name = "trailgrid.atr";
};

/// The ATR actor of one market: a thin shell over strategy::bar_builder and
/// strategy::atr. Builds time bars from the configured price source, closes
/// them at their end on a timer (delayed tick to itself) so quiet markets
/// still get bars, keeps a Wilder ATR warmed up from historical candles at
/// start, and sends an atr_update (ATR in ticks and ppm of the close) to the
/// grid after every bar once the ATR is initialized.
messages::atr_actor::behavior_type
atr_actor_impl(messages::atr_actor::stateful_pointer<atr_actor_state> self,
               atr_actor_config cfg);

/// Spawns an ATR actor (e.g. from a market_supervisor child factory with
/// parent->spawn(atr_actor_impl, cfg)).
messages::atr_actor spawn_atr_actor(caf::actor_system& sys,
                                    atr_actor_config cfg);

} // namespace trailgrid::actors
