#include "strategy/grid_calculator.hpp"

#include "strategy/int_math.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace trailgrid::strategy {

ppm multiplier_to_ppm(double multiplier) {
  return static_cast<ppm>(std::llround(multiplier * 1e6));
}

ppm grid_spacing(ppm atr, ppm multiplier, ppm min_spacing, ppm max_spacing) {
  int128 product = static_cast<int128>(atr) * multiplier;
  auto raw = static_cast<ppm>(floor_div(product + ppm_one / 2, ppm_one));
  return std::clamp(raw, min_spacing, std::max(min_spacing, max_spacing));
}

namespace {

// True when centre x factor fits in 63 bits, so the division can be done in
// 64 bits (a 128-bit division is a slow library call; the result is the
// same). Used on every level of every reset.
bool fits_64(int64_t centre, int128 factor) {
  return centre >= 0 && centre < (int64_t{1} << 40) && factor >= 0 &&
         factor < (int128{1} << 22);
}

} // namespace

price_ticks raw_bid_price(const market_spec& m, price_ticks centre, ppm spacing,
                          int k) {
  int128 factor =
      static_cast<int128>(ppm_one) - static_cast<int128>(k) * spacing;
  if (factor <= 0) return price_ticks{0};
  if (fits_64(centre.value, factor)) // non-negative: / rounds down
    return m.floor_to_tick(price_ticks{
        centre.value * static_cast<int64_t>(factor) / ppm_one});
  auto exact = floor_div(static_cast<int128>(centre.value) * factor, ppm_one);
  return m.floor_to_tick(price_ticks{static_cast<int64_t>(exact)});
}

price_ticks raw_ask_price(const market_spec& m, price_ticks centre, ppm spacing,
                          int k) {
  int128 factor =
      static_cast<int128>(ppm_one) + static_cast<int128>(k) * spacing;
  if (fits_64(centre.value, factor))
    return m.ceil_to_tick(price_ticks{
        (centre.value * static_cast<int64_t>(factor) + ppm_one - 1) /
        ppm_one});
  auto exact = ceil_div(static_cast<int128>(centre.value) * factor, ppm_one);
  return m.ceil_to_tick(price_ticks{static_cast<int64_t>(exact)});
}

price_ticks inner_bid(const market_spec& m, price_ticks centre, ppm spacing) {
  return std::min(raw_bid_price(m, centre, spacing, 1),
                  m.floor_to_tick(centre - price_ticks{1}));
}

price_ticks inner_ask(const market_spec& m, price_ticks centre, ppm spacing) {
  return std::max(raw_ask_price(m, centre, spacing, 1),
                  m.ceil_to_tick(centre + price_ticks{1}));
}

qty_lots level_size(const market_spec& m, price_ticks price, qty_lots wanted) {
  qty_lots q = m.floor_to_lot(wanted);
  qty_lots floor_qty = m.ceil_to_lot(std::max(m.min_base, qty_lots{m.lot}));
  if (m.min_quote.value > 0) {
    auto needed = ceil_div(static_cast<int128>(m.min_quote.value),
                           static_cast<int128>(price.value));
    floor_qty = std::max(floor_qty,
                         m.ceil_to_lot(qty_lots{static_cast<int64_t>(needed)}));
  }
  return std::max(q, floor_qty);
}

grid_calculator::grid_calculator(market_spec spec, const grid_params& params)
    : spec_(std::move(spec)),
      multiplier_(multiplier_to_ppm(params.atr_multiplier)),
      min_spacing_(params.min_spacing), max_spacing_(params.max_spacing) {}

ppm grid_calculator::spacing(ppm atr) const {
  return grid_spacing(atr, multiplier_, min_spacing_, max_spacing_);
}

void grid_calculator::build(const grid_request& req, grid_plan& out) const {
  out.levels.clear();
  out.centre = req.centre;
  out.spacing = req.spacing;
  // The first valid tick strictly beyond the centre on each side.
  const price_ticks bid_cap = spec_.floor_to_tick(req.centre - price_ticks{1});
  const price_ticks ask_floor = spec_.ceil_to_tick(req.centre + price_ticks{1});
  price_ticks prev = req.centre;
  for (int k = 1; k <= req.bid_levels; ++k) {
    price_ticks p =
        std::min(raw_bid_price(spec_, req.centre, req.spacing, k), bid_cap);
    if (p.value <= 0) break; // every further level is lower still
    if (p >= prev) continue; // duplicate after rounding
    out.levels.push_back({side::bid, p, level_size(spec_, p, req.bid_qty)});
    prev = p;
  }
  prev = req.centre;
  for (int k = 1; k <= req.ask_levels; ++k) {
    price_ticks p =
        std::max(raw_ask_price(spec_, req.centre, req.spacing, k), ask_floor);
    if (p <= prev) continue;
    out.levels.push_back({side::ask, p, level_size(spec_, p, req.ask_qty)});
    prev = p;
  }
}

} // namespace trailgrid::strategy
