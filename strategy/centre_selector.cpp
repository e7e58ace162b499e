#include "strategy/centre_selector.hpp"

#include "strategy/grid_calculator.hpp"

#include <utility>

namespace trailgrid::strategy {

std::optional<price_ticks> market_mid(std::optional<price_ticks> best_bid,
                                      std::optional<price_ticks> best_ask) {
  if (!best_bid || !best_ask || *best_bid >= *best_ask) return std::nullopt;
  // Both are positive and ordered: the sum fits in int64 for any real price.
  return price_ticks{(best_bid->value + best_ask->value) / 2};
}

centre_selector::centre_selector(market_spec spec, mid_price_source source,
                                 bool sanity_guard, bool spread_check,
                                 bool fallback_mid)
    : spec_(std::move(spec)), source_(source), sanity_guard_(sanity_guard),
      spread_check_(spread_check), fallback_mid_(fallback_mid) {}

bool centre_selector::crosses(const market_view& view, price_ticks centre,
                              ppm spacing) const {
  if (!spread_check_)
    return (view.best_bid && centre < *view.best_bid) ||
           (view.best_ask && centre > *view.best_ask);
  if (view.best_bid && inner_ask(spec_, centre, spacing) <= *view.best_bid)
    return true;
  if (view.best_ask && inner_bid(spec_, centre, spacing) >= *view.best_ask)
    return true;
  return false;
}

std::optional<centre_choice> centre_selector::select(const market_view& view,
                                                     ppm spacing) const {
  auto mid = market_mid(view.best_bid, view.best_ask);
  std::optional<price_ticks> wanted;
  switch (source_) {
  case mid_price_source::filled_price:
    wanted = view.fill;
    break;
  case mid_price_source::market_mid:
    wanted = mid;
    break;
  case mid_price_source::mark_price:
    wanted = view.mark;
    break;
  case mid_price_source::last_price:
    wanted = view.last;
    break;
  }
  if (wanted && wanted->value <= 0) wanted.reset();
  centre_choice choice;
  if (!wanted) {
    // A filled_price reset without a fill (start, trailing) is centred on
    // the mid by the source's own rule; other sources fall back.
    const bool by_rule =
        source_ == mid_price_source::filled_price && !view.fill;
    if (!mid || (!fallback_mid_ && !by_rule)) return std::nullopt;
    choice.centre = *mid;
    choice.source = mid_price_source::market_mid;
    choice.source_fallback = source_ != mid_price_source::market_mid;
    return choice;
  }
  choice.centre = *wanted;
  choice.source = source_;
  if (sanity_guard_ && source_ != mid_price_source::market_mid &&
      crosses(view, *wanted, spacing)) {
    if (!mid || !fallback_mid_) return std::nullopt;
    choice.centre = *mid;
    choice.source = mid_price_source::market_mid;
    choice.guard_fallback = true;
  }
  return choice;
}

} // namespace trailgrid::strategy
