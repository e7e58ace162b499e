#define CAF_SUITE centre_selector
#include "caf/test/unit_test.hpp"

#include "strategy/centre_selector.hpp"

using namespace trailgrid::strategy;

namespace {

constexpr ppm spacing = 2'000;

// Book 99990 / 100010: market mid 100000.
market_view book() {
  market_view v;
  v.best_bid = price_ticks{99'990};
  v.best_ask = price_ticks{100'010};
  return v;
}

centre_choice select(mid_price_source src, const market_view& v,
                     bool guard = true) {
  centre_selector s{market_spec{}, src, guard};
  auto c = s.select(v, spacing);
  CAF_REQUIRE(c.has_value());
  return *c;
}

int64_t mid_of(int64_t bid, int64_t ask) {
  auto m = market_mid(price_ticks{bid}, price_ticks{ask});
  return m ? m->value : -1;
}

} // namespace

CAF_TEST(the market mid of an integer book rounds down to the bid side) {
  CAF_CHECK_EQUAL(mid_of(100, 103), 101);
  CAF_CHECK_EQUAL(mid_of(100, 102), 101);
  CAF_CHECK_EQUAL(mid_of(100, 101), 100);
}

CAF_TEST(a one sided crossed or locked book has no market mid) {
  CAF_CHECK(!market_mid(price_ticks{100}, std::nullopt));
  CAF_CHECK(!market_mid(std::nullopt, price_ticks{100}));
  CAF_CHECK(!market_mid(price_ticks{101}, price_ticks{100}));
  CAF_CHECK(!market_mid(price_ticks{100}, price_ticks{100}));
}

CAF_TEST(filled price centres on the fill) {
  auto v = book();
  v.fill = price_ticks{100'050};
  auto c = select(mid_price_source::filled_price, v);
  CAF_CHECK_EQUAL(c.centre.value, 100'050);
  CAF_CHECK(c.source == mid_price_source::filled_price);
  CAF_CHECK(!c.source_fallback);
  CAF_CHECK(!c.guard_fallback);
}

CAF_TEST(filled price without a fill falls back to the market mid) {
  auto c = select(mid_price_source::filled_price, book());
  CAF_CHECK_EQUAL(c.centre.value, 100'000);
  CAF_CHECK(c.source == mid_price_source::market_mid);
  CAF_CHECK(c.source_fallback);
  CAF_CHECK(!c.guard_fallback);
}

CAF_TEST(market mid centres on the book mid and ignores the fill) {
  auto v = book();
  v.fill = price_ticks{100'050};
  auto c = select(mid_price_source::market_mid, v);
  CAF_CHECK_EQUAL(c.centre.value, 100'000);
  CAF_CHECK(c.source == mid_price_source::market_mid);
  CAF_CHECK(!c.source_fallback);
}

CAF_TEST(mark price centres on the mark and falls back without one) {
  auto v = book();
  v.mark = price_ticks{100'020};
  auto c = select(mid_price_source::mark_price, v);
  CAF_CHECK_EQUAL(c.centre.value, 100'020);
  CAF_CHECK(c.source == mid_price_source::mark_price);
  auto f = select(mid_price_source::mark_price, book());
  CAF_CHECK_EQUAL(f.centre.value, 100'000);
  CAF_CHECK(f.source == mid_price_source::market_mid);
  CAF_CHECK(f.source_fallback);
}

CAF_TEST(last price centres on the last trade and falls back without one) {
  auto v = book();
  v.last = price_ticks{99'995};
  auto c = select(mid_price_source::last_price, v);
  CAF_CHECK_EQUAL(c.centre.value, 99'995);
  CAF_CHECK(c.source == mid_price_source::last_price);
  auto f = select(mid_price_source::last_price, book());
  CAF_CHECK_EQUAL(f.centre.value, 100'000);
  CAF_CHECK(f.source_fallback);
}

CAF_TEST(the guard falls back when the inner ask would sit at the best bid) {
  // 99790 x 1.002 = 99989.58 -> ask 99990 = best bid: guard.
  auto v = book();
  v.fill = price_ticks{99'790};
  auto c = select(mid_price_source::filled_price, v);
  CAF_CHECK_EQUAL(c.centre.value, 100'000);
  CAF_CHECK(c.source == mid_price_source::market_mid);
  CAF_CHECK(c.guard_fallback);
  CAF_CHECK(!c.source_fallback);
  // 99791 x 1.002 = 99990.58 -> ask 99991 > best bid: kept.
  v.fill = price_ticks{99'791};
  auto k = select(mid_price_source::filled_price, v);
  CAF_CHECK_EQUAL(k.centre.value, 99'791);
  CAF_CHECK(!k.guard_fallback);
}

CAF_TEST(the guard falls back when the inner bid would sit at the best ask) {
  // 100211 x 0.998 = 100010.578 -> bid 100010 = best ask: guard.
  auto v = book();
  v.fill = price_ticks{100'211};
  auto c = select(mid_price_source::filled_price, v);
  CAF_CHECK_EQUAL(c.centre.value, 100'000);
  CAF_CHECK(c.guard_fallback);
  // 100210 x 0.998 = 100009.58 -> bid 100009 < best ask: kept.
  v.fill = price_ticks{100'210};
  auto k = select(mid_price_source::filled_price, v);
  CAF_CHECK_EQUAL(k.centre.value, 100'210);
  CAF_CHECK(!k.guard_fallback);
}

CAF_TEST(the guard also covers mark and last price sources) {
  auto v = book();
  v.mark = price_ticks{99'700};
  v.last = price_ticks{100'400};
  CAF_CHECK(select(mid_price_source::mark_price, v).guard_fallback);
  CAF_CHECK(select(mid_price_source::last_price, v).guard_fallback);
}

CAF_TEST(a disabled guard keeps a crossing centre) {
  auto v = book();
  v.fill = price_ticks{99'700};
  auto c = select(mid_price_source::filled_price, v, false);
  CAF_CHECK_EQUAL(c.centre.value, 99'700);
  CAF_CHECK(!c.guard_fallback);
}

CAF_TEST(no centre without source data and without a two sided book) {
  centre_selector s{market_spec{}, mid_price_source::filled_price, true};
  market_view v;
  v.best_bid = price_ticks{99'990};
  CAF_CHECK(!s.select(v, spacing));
  // The guard fires on the bid side but there is no mid to fall back to.
  v.fill = price_ticks{99'700};
  CAF_CHECK(!s.select(v, spacing));
  // Without a guard trip, a one-sided book is fine for the fill source.
  v.fill = price_ticks{100'000};
  auto kept = s.select(v, spacing);
  CAF_REQUIRE(kept.has_value());
  CAF_CHECK_EQUAL(kept->centre.value, 100'000);
}
