#include "lighter/codec/records.hpp"

namespace trailgrid::lighter {

namespace {

own_fill side_of(const trade& t, bool ask) {
  own_fill f;
  f.market_id = t.market_id;
  f.trade_id = t.trade_id;
  f.is_ask = ask;
  f.order_index = ask ? t.ask_id : t.bid_id;
  f.client_order_index = ask ? t.ask_client_id : t.bid_client_id;
  f.is_maker = ask == t.is_maker_ask;
  f.price = t.price;
  f.size = t.size;
  f.fee_ppm = f.is_maker ? t.maker_fee_ppm : t.taker_fee_ppm;
  f.position_before =
      f.is_maker ? t.maker_position_size_before : t.taker_position_size_before;
  f.position_sign_changed = f.is_maker ? t.maker_position_sign_changed
                                       : t.taker_position_sign_changed;
  f.timestamp_ms = t.timestamp_ms;
  f.tx_hash = t.tx_hash;
  return f;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

} // namespace

std::vector<own_fill> own_fills_of(const trade& t, int64_t account_index) {
  std::vector<own_fill> out;
  if (t.ask_account_id == account_index) out.push_back(side_of(t, true));
  if (t.bid_account_id == account_index) out.push_back(side_of(t, false));
  // A self-trade: one "position before" for two fills of ours; neither
  // fill's own before-figure is known.
  if (out.size() == 2)
    for (auto& f : out)
      f.position_before.reset();
  return out;
}

order_status parse_order_status(std::string_view text) {
  if (text == "open") return order_status::open;
  if (text == "filled") return order_status::filled;
  if (text == "pending" || text == "in-progress") return order_status::pending;
  if (starts_with(text, "canceled") || starts_with(text, "cancelled"))
    return order_status::canceled;
  return order_status::unknown;
}

order_time_in_force parse_time_in_force(std::string_view text) {
  if (text == "immediate-or-cancel")
    return order_time_in_force::immediate_or_cancel;
  if (text == "good-till-time") return order_time_in_force::good_till_time;
  if (text == "post-only") return order_time_in_force::post_only;
  return order_time_in_force::unknown;
}

} // namespace trailgrid::lighter
