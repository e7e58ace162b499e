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

// floor(centre x factor / 1e6) and ceil(...) when fits_64(centre, factor):
// non-negative, so / rounds down.
int64_t scale_down_64(int64_t centre, int64_t factor) {
  return centre * factor / ppm_one;
}
int64_t scale_up_64(int64_t centre, int64_t factor) {
  return (centre * factor + ppm_one - 1) / ppm_one;
}

} // namespace

price_ticks raw_bid_price(const market_spec& m, price_ticks centre, ppm spacing,
                          int k) {
  int128 factor =
      static_cast<int128>(ppm_one) - static_cast<int128>(k) * spacing;
  if (factor <= 0) return price_ticks{0};
  if (fits_64(centre.value, factor))
    return m.floor_to_tick(
        price_ticks{scale_down_64(centre.value, static_cast<int64_t>(factor))});
  auto exact = floor_div(static_cast<int128>(centre.value) * factor, ppm_one);
  return m.floor_to_tick(price_ticks{static_cast<int64_t>(exact)});
}

price_ticks raw_ask_price(const market_spec& m, price_ticks centre, ppm spacing,
                          int k) {
  int128 factor =
      static_cast<int128>(ppm_one) + static_cast<int128>(k) * spacing;
  if (fits_64(centre.value, factor))
    return m.ceil_to_tick(
        price_ticks{scale_up_64(centre.value, static_cast<int64_t>(factor))});
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
  out.centre = req.centre;
  out.spacing = req.spacing;
  // The first valid tick strictly beyond the centre on each side.
  const price_ticks bid_cap = spec_.floor_to_tick(req.centre - price_ticks{1});
  const price_ticks ask_floor = spec_.ceil_to_tick(req.centre + price_ticks{1});
  // Only a minimum notional makes level_size() depend on the price; without
  // one, every level of a side has the same size, computed once here.
  const bool size_by_price = spec_.min_quote.value > 0;
  const qty_lots bid_size = level_size(spec_, req.centre, req.bid_qty);
  const qty_lots ask_size = level_size(spec_, req.centre, req.ask_qty);
  // When the outermost ask factor fits the 64-bit path of raw_bid_price() and
  // raw_ask_price(), every factor of both sides does: check once here
  // instead of per level (the reset path builds a grid per fill).
  const int64_t c = req.centre.value;
  const int64_t s = req.spacing;
  const int most = std::max(req.bid_levels, req.ask_levels);
  const bool narrow =
      s >= 0 && fits_64(c, ppm_one + static_cast<int128>(most) * s);
  // Room for every level up front, reusing the elements of an earlier grid;
  // the levels dropped below are cut at the end (plain stores in the loops,
  // no growth checks).
  out.levels.resize(static_cast<std::size_t>(std::max(req.bid_levels, 0)) +
                    static_cast<std::size_t>(std::max(req.ask_levels, 0)));
  std::size_t n = 0;
  price_ticks prev = req.centre;
  for (int k = 1; k <= req.bid_levels; ++k) {
    price_ticks p =
        narrow ? spec_.floor_to_tick(price_ticks{
                     k * s < ppm_one ? scale_down_64(c, ppm_one - k * s) : 0})
               : raw_bid_price(spec_, req.centre, req.spacing, k);
    p = std::min(p, bid_cap);
    if (p.value <= 0) break; // every further level is lower still
    if (p >= prev) continue; // duplicate after rounding
    out.levels[n++] = {side::bid, p,
                       size_by_price ? level_size(spec_, p, req.bid_qty)
                                     : bid_size};
    prev = p;
  }
  prev = req.centre;
  for (int k = 1; k <= req.ask_levels; ++k) {
    price_ticks p =
        narrow
            ? spec_.ceil_to_tick(price_ticks{scale_up_64(c, ppm_one + k * s)})
            : raw_ask_price(spec_, req.centre, req.spacing, k);
    p = std::max(p, ask_floor);
    if (p <= prev) continue;
    out.levels[n++] = {side::ask, p,
                       size_by_price ? level_size(spec_, p, req.ask_qty)
                                     : ask_size};
    prev = p;
  }
  out.levels.resize(n);
}

} // namespace trailgrid::strategy
