#pragma once

#include "tools/lighter-sim/exchange.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace trailgrid::sim {

/// JSON payloads with the real exchange's shapes (see the captured payloads
/// in tests/data/sim/). Decimal values are strings with the market's
/// decimals; ids are integers with *_str twins; daily stats are floats.
namespace payload {

using json = nlohmann::json;

/// An Order object (REST accountActiveOrders and WS account_all_orders).
json order(const sim_order& o, const exchange& ex);
/// A Trade object (REST recentTrades, WS trade and account_all_trades).
json trade(const sim_trade& t, const exchange& ex);
/// A Position object of an account in a market.
json position(const exchange& ex, int64_t account, int market);
/// The market_stats object of a market.
json market_stats(const exchange& ex, int market);
/// An order_book channel frame (subscribed/ or update/), as its text.
std::string order_book_frame(const book_message& m, const market_cfg& mc);
/// A ticker channel frame from the current book.
json ticker_frame(const exchange& ex, int market, bool snapshot, ms_t now);
/// One entry of REST orderBooks.
json order_book_entry(const market_cfg& mc);
/// One entry of REST orderBookDetails.
json order_book_detail(const exchange& ex, int market);
/// A DetailedAccount (REST account).
json account(const exchange& ex, int64_t index, ms_t now);
/// The user_stats `stats` object.
json user_stats(const exchange& ex, int64_t index);
/// The account_all_assets `assets` map.
json assets(const exchange& ex, int64_t index);
/// REST orderBookOrders body.
json order_book_orders(const exchange& ex, int market, size_t limit);
/// REST candles body for a resolution ("1m", "5m", ... "1d").
std::optional<json> candles(const exchange& ex, int market,
                            const std::string& resolution, ms_t start, ms_t end,
                            size_t count_back);

} // namespace payload

} // namespace trailgrid::sim
