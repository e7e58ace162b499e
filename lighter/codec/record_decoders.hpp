#pragma once

// Internal to lighter_codec: decoders for the objects that REST bodies and WS
// frames share (trades, orders, positions, ...). Each reads one JSON value in
// a single pass, collecting raw decimal tokens and converting them once the
// market (and thus its decimals) is known, so key order never matters.

#include "lighter/codec/json_reader.hpp"
#include "lighter/codec/market.hpp"
#include "lighter/codec/records.hpp"

#include <utility>
#include <vector>

namespace trailgrid::lighter::detail {

/// How decoding one record went.
enum class outcome {
  ok,
  unknown_market, ///< well-formed, but its market is not in the table
  failed,         ///< context holds the error
};

/// Files a decoded record: kept when ok, its market noted when unknown.
/// False when decoding failed (the context holds the error).
template <class T>
bool collect(outcome o, T&& record, int market, std::vector<T>& out,
             std::vector<int>& unknown) {
  switch (o) {
  case outcome::ok:
    out.push_back(std::forward<T>(record));
    return true;
  case outcome::unknown_market:
    unknown.push_back(market);
    return true;
  case outcome::failed:
    break;
  }
  return false;
}

/// A trade object.
outcome decode_trade(od::value& v, const market_table& markets, trade& out,
                     context& c);
/// An order object.
outcome decode_order(od::value& v, const market_table& markets, order& out,
                     context& c);
/// A position object.
outcome decode_position(od::value& v, const market_table& markets,
                        position& out, context& c);
/// A market_stats object.
outcome decode_market_stats(od::value& v, const market_table& markets,
                            market_stats& out, context& c);
/// An asset balance object.
bool decode_asset(od::value& v, asset_balance& out, context& c);
/// A candle in either format (t/o/h/l/c/v/V/i or timestamp/open/...).
bool decode_candle(od::value& v, market_decimals d, candle& out, context& c);
/// A resting order of orderBookOrders.
bool decode_resting_order(od::value& v, market_decimals d, resting_order& out,
                          context& c);
/// An orderBooks / orderBookDetails entry.
bool decode_market_info(od::value& v, market_info& out, context& c);
/// A user_stats `stats` object; cross/total are filled when present.
bool decode_account_stats(od::value& v, account_stats& out,
                          std::optional<account_stats>* cross,
                          std::optional<account_stats>* total, context& c);
/// An account of GET /api/v1/account.
bool decode_account(od::value& v, const market_table& markets, account& out,
                    context& c);
/// An aggregated level {price, size}; empty strings give `empty` = true.
bool decode_level(od::value& v, market_decimals d, book_level& out, bool& empty,
                  context& c);

/// Handles one top-level key of a transaction reply (REST or WS). Returns
/// false on a malformed known field; unknown keys are ignored.
bool decode_tx_reply_field(std::string_view key, od::value& v, tx_reply& out,
                           context& c);

/// Reads a request id echoed as a string or a number (null: left empty).
bool get_id(od::value& v, std::string& out, context& c);

/// Appends every element of a JSON array, calling `each(value&)`.
template <class F>
bool for_each_element(od::value& v, context& c, F&& each) {
  od::array arr;
  if (auto e = v.get_array().get(arr))
    return e == simdjson::INCORRECT_TYPE ? c.fail("expected an array")
                                         : c.json(e);
  size_t i = 0;
  for (auto er : arr) {
    od::value el;
    if (auto e = std::move(er).get(el)) return c.json(e);
    if (!each(el)) return c.in("[" + std::to_string(i) + "]");
    ++i;
  }
  return true;
}

/// Calls `each(key, value&)` for every field of a JSON object.
template <class F>
bool for_each_field(od::value& v, context& c, F&& each) {
  od::object obj;
  if (auto e = v.get_object().get(obj))
    return e == simdjson::INCORRECT_TYPE ? c.fail("expected an object")
                                         : c.json(e);
  for (auto fr : obj) {
    od::field f;
    if (auto e = std::move(fr).get(f)) return c.json(e);
    std::string_view k = key_of(f);
    if (!each(k, f.value())) return c.in(k);
  }
  return true;
}

} // namespace trailgrid::lighter::detail
