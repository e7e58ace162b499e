#include "actors/paper_book.hpp"

#include "strategy/int_math.hpp"

namespace trailgrid::actors {

using namespace messages;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;

void paper_book::set_maker_fee(int32_t market, int64_t ppm) {
  maker_fee_ppm_[market] = ppm;
}

paper_event paper_book::create(int32_t market, int64_t coi, bool is_ask,
                               price_ticks price, qty_lots size,
                               int64_t ts_ms) {
  auto reject = [&](reject_class why, std::string text) {
    return paper_event{
        order_rejected{market, coi, 0, why, 0, std::move(text), ts_ms}};
  };
  if (size.value <= 0 || price.value <= 0)
    return reject(reject_class::invalid_amount, "paper: size or price <= 0");
  if (auto t = last_trade_.find(market); t != last_trade_.end()) {
    const bool crosses = is_ask ? price.value <= t->second.value
                                : price.value >= t->second.value;
    if (crosses)
      return reject(reject_class::post_only_cross,
                    "paper: post-only order would cross the last trade");
  }
  order o{market, next_order_index_++, coi, is_ask, price, size};
  orders_.emplace(o.order_index, o);
  return order_accepted{market, coi, o.order_index, ts_ms};
}

std::map<int64_t, paper_book::order>::iterator paper_book::find(int32_t market,
                                                                int64_t index) {
  if (index >= first_order_index) {
    auto i = orders_.find(index);
    return i != orders_.end() && i->second.market == market ? i : orders_.end();
  }
  for (auto i = orders_.begin(); i != orders_.end(); ++i)
    if (i->second.market == market && i->second.client_order_index == index)
      return i;
  return orders_.end();
}

std::optional<paper_event> paper_book::cancel(int32_t market, int64_t index,
                                              int64_t ts_ms) {
  auto i = find(market, index);
  if (i == orders_.end()) return std::nullopt;
  auto& o = i->second;
  order_cancelled out{market, o.client_order_index, o.order_index, o.remaining,
                      ts_ms};
  orders_.erase(i);
  return paper_event{out};
}

std::vector<paper_event> paper_book::cancel_all(std::optional<int32_t> market,
                                                int64_t ts_ms) {
  std::vector<paper_event> out;
  for (auto i = orders_.begin(); i != orders_.end();) {
    auto& o = i->second;
    if (market && o.market != *market) {
      ++i;
      continue;
    }
    out.emplace_back(order_cancelled{o.market, o.client_order_index,
                                     o.order_index, o.remaining, ts_ms});
    i = orders_.erase(i);
  }
  return out;
}

std::vector<paper_event> paper_book::on_trade(int32_t market, price_ticks price,
                                              int64_t ts_ms) {
  last_trade_[market] = price;
  std::vector<paper_event> out;
  for (auto i = orders_.begin(); i != orders_.end();) {
    auto& o = i->second;
    const bool through =
        o.market == market && (o.is_ask ? price > o.price : price < o.price);
    if (!through) {
      ++i;
      continue;
    }
    fill f;
    f.market_index = market;
    f.order_index = o.order_index;
    f.client_order_index = o.client_order_index;
    f.order_side = o.is_ask ? strategy::side::ask : strategy::side::bid;
    f.price = o.price;
    f.size = o.remaining;
    f.remaining = qty_lots{0};
    const auto notional = strategy::notional(o.price, o.remaining);
    f.fee = quote_units{static_cast<int64_t>(strategy::ceil_div(
        static_cast<int128>(notional.value) * maker_fee_ppm_[market],
        1'000'000))};
    f.is_maker = true;
    f.trade_id = next_trade_id_++;
    f.ts_ms = ts_ms;
    auto& pos = position_[market];
    pos.value += o.is_ask ? -o.remaining.value : o.remaining.value;
    ++fills_;
    out.emplace_back(f);
    i = orders_.erase(i);
  }
  return out;
}

std::vector<live_order> paper_book::live(int32_t market) const {
  std::vector<live_order> out;
  for (auto& [index, o] : orders_)
    if (o.market == market)
      out.push_back(live_order{market, o.order_index, o.client_order_index,
                               o.is_ask, o.price, o.remaining});
  return out;
}

qty_lots paper_book::position(int32_t market) const {
  auto i = position_.find(market);
  return i == position_.end() ? qty_lots{0} : i->second;
}

std::vector<position_report> paper_book::positions() const {
  std::vector<position_report> out;
  for (auto& [market, pos] : position_)
    if (pos.value != 0) out.push_back(position_report{market, pos, {}});
  return out;
}

} // namespace trailgrid::actors
