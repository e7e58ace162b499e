#pragma once

// Pure conversions between grid_actor messages and strategy events/commands,
// kept apart from the actor so each handler is one line of glue.

#include "messages/account.hpp"
#include "messages/gateway.hpp"
#include "messages/market_data.hpp"
#include "messages/orders.hpp"
#include "strategy/commands.hpp"
#include "strategy/events.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::actors {

/// A fill as a strategy event at strategy time `ts`.
strategy::fill_event to_event(const messages::fill& x, int64_t ts);
/// A top of book as a strategy event.
strategy::top_of_book_event to_event(const messages::top_of_book& x,
                                     int64_t ts);
/// A public trade as a strategy event.
strategy::trade_event to_event(const messages::trade_print& x, int64_t ts);
/// A mark price as a strategy event.
strategy::mark_price_event to_event(const messages::mark_price& x, int64_t ts);
/// An ATR update as a strategy volatility event.
strategy::volatility_event to_event(const messages::atr_update& x, int64_t ts);
/// An accepted order as a strategy event.
strategy::order_accepted_event to_event(const messages::order_accepted& x,
                                        int64_t ts);
/// A rejected order as a strategy event.
strategy::order_rejected_event to_event(const messages::order_rejected& x,
                                        int64_t ts);
/// A cancelled order as a strategy event.
strategy::order_cancelled_event to_event(const messages::order_cancelled& x,
                                         int64_t ts);
/// A finished replace as a strategy event.
strategy::reset_done_event to_event(const messages::reset_done& x, int64_t ts);
/// A balance update as a strategy event.
strategy::balance_event to_event(const messages::balance_update& x, int64_t ts);
/// The exchange's position as a strategy event.
strategy::position_event to_event(const messages::position_report& x,
                                  int64_t ts);

/// The strategy's reject class of an exchange reject class (nonce and
/// expiry problems are the executor's business: "other" here).
strategy::reject_class to_strategy(messages::reject_class x);

/// The replace_grid message of a strategy command for market `market_index`.
messages::replace_grid to_message(const strategy::replace_grid_command& c,
                                  int32_t market_index);

/// The one-line INFO text of a reset, component left out:
/// "reset #412: centre 98,500.0 (filled_price), spacing 0.18 %, 10+10
/// levels", plus ", guard fallback" when the sanity guard chose the mid.
std::string reset_line(const strategy::replace_grid_command& c,
                       int price_decimals);

} // namespace trailgrid::actors
