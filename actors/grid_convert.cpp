#include "actors/grid_convert.hpp"

#include "actors/display.hpp"

namespace trailgrid::actors {

namespace m = messages;
namespace s = strategy;

s::fill_event to_event(const m::fill& x, int64_t ts) {
  s::fill_event e;
  e.order_index = x.client_order_index;
  e.side = x.order_side;
  e.price = x.price;
  e.qty = x.size;
  e.maker = x.is_maker;
  e.order_done = x.remaining.value <= 0;
  e.ts = ts;
  if (x.fee_reported) e.fee = x.fee; // the exchange's fee wins
  if (x.position_known) e.position_after = x.position_after;
  return e;
}

s::top_of_book_event to_event(const m::top_of_book& x, int64_t ts) {
  return {x.bid, x.ask, ts};
}

s::trade_event to_event(const m::trade_print& x, int64_t ts) {
  return {x.price, x.size, ts};
}

s::mark_price_event to_event(const m::mark_price& x, int64_t ts) {
  return {x.mark, ts};
}

s::volatility_event to_event(const m::atr_update& x, int64_t ts) {
  return {x.atr_ppm, ts};
}

s::order_accepted_event to_event(const m::order_accepted& x, int64_t ts) {
  return {x.client_order_index, ts};
}

s::order_rejected_event to_event(const m::order_rejected& x, int64_t ts) {
  return {x.client_order_index, to_strategy(x.why), ts};
}

s::order_cancelled_event to_event(const m::order_cancelled& x, int64_t ts) {
  return {x.client_order_index, ts};
}

s::reset_done_event to_event(const m::reset_done& x, int64_t ts) {
  return {x.reset_seq, ts};
}

s::balance_event to_event(const m::balance_update& x, int64_t ts) {
  return {x.available, ts};
}

s::position_event to_event(const m::position_report& x, int64_t ts) {
  return {x.position, x.avg_entry, ts};
}

s::reject_class to_strategy(m::reject_class x) {
  switch (x) {
  case m::reject_class::post_only_cross:
    return s::reject_class::post_only_cross;
  case m::reject_class::insufficient_margin:
    return s::reject_class::insufficient_margin;
  case m::reject_class::rate_limited:
    return s::reject_class::rate_limited;
  case m::reject_class::invalid_amount:
    return s::reject_class::invalid_order;
  case m::reject_class::invalid_nonce:
  case m::reject_class::expired:
  case m::reject_class::other:
    break;
  }
  return s::reject_class::other;
}

m::replace_grid to_message(const s::replace_grid_command& c,
                           int32_t market_index) {
  m::replace_grid out;
  out.market_index = market_index;
  out.reset_seq = c.reset_id;
  out.centre = c.plan.centre;
  out.spacing_ppm = c.plan.spacing;
  out.levels.reserve(c.plan.levels.size());
  for (const auto& l : c.plan.levels)
    out.levels.push_back({l.side, l.price, l.qty});
  out.why = std::string{to_string(c.why)};
  out.ts_ms = c.ts;
  out.source = std::string{to_string(c.source)};
  out.guard_fallback = c.guard_fallback;
  return out;
}

std::string reset_line(const s::replace_grid_command& c, int price_decimals) {
  auto text = "reset #" + std::to_string(c.reset_id) + ": centre " +
              format_price(c.plan.centre, price_decimals) + " (" +
              std::string{to_string(c.source)} + "), spacing " +
              format_ppm_percent(c.plan.spacing) + ", " +
              std::to_string(c.plan.count(s::side::bid)) + "+" +
              std::to_string(c.plan.count(s::side::ask)) + " levels";
  if (c.guard_fallback) text += ", guard fallback";
  return text;
}

} // namespace trailgrid::actors
