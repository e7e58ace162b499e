#define CAF_SUITE trade_pages
#include "caf/test/unit_test.hpp"

#include "execution/trade_pages.hpp"

#include <set>

using namespace trailgrid;
using execution::trade_pages;

namespace {

// A page of trades with ids first, first-1, ... (newest first), at one
// millisecond apart ending at `newest_ms`.
lighter::trade_list page(int64_t first, int count, int64_t newest_ms,
                         std::string cursor) {
  lighter::trade_list p;
  for (int i = 0; i < count; ++i) {
    lighter::trade t;
    t.trade_id = first - i;
    t.timestamp_ms = newest_ms - i;
    p.trades.push_back(t);
  }
  p.next_cursor = std::move(cursor);
  return p;
}

auto none_booked = [](const lighter::trade&) { return false; };

} // namespace

CAF_TEST(a full page of unknown trades reads on with its cursor) {
  trade_pages r{{4, 10, 0}};
  auto next = r.next(page(100, 4, 5'000, "c1"), none_booked);
  CAF_REQUIRE(next);
  CAF_CHECK_EQUAL(*next, "c1");
  CAF_CHECK_EQUAL(r.pages(), 1);
}

CAF_TEST(a page whose oldest trade is booked ends the read) {
  std::set<int64_t> booked{97};
  trade_pages r{{4, 10, 0}};
  CAF_CHECK(r.next(page(100, 4, 5'000, "c1"), [&](const lighter::trade& t) {
    return booked.count(t.trade_id) != 0;
  }) == std::nullopt);
  CAF_CHECK(!r.cut_short());
}

CAF_TEST(fills streamed after the gap do not end the read) {
  // 100 came over the stream once it was back; 99..97 are the gap's.
  std::set<int64_t> booked{100};
  trade_pages r{{4, 10, 0}};
  auto next = r.next(page(100, 4, 5'000, "c1"), [&](const lighter::trade& t) {
    return booked.count(t.trade_id) != 0;
  });
  CAF_REQUIRE(next);
  CAF_CHECK_EQUAL(*next, "c1");
}

CAF_TEST(a page whose oldest trade reaches the bound ends the read) {
  trade_pages r{{4, 10, 4'997}};
  CAF_CHECK(r.next(page(100, 4, 5'000, "c1"), none_booked) == std::nullopt);
  trade_pages before{{4, 10, 4'996}};
  CAF_CHECK(before.next(page(100, 4, 5'000, "c1"), none_booked));
}

CAF_TEST(a short page or one without a cursor is the oldest) {
  trade_pages short_page{{4, 10, 0}};
  CAF_CHECK(short_page.next(page(100, 3, 5'000, "c1"), none_booked) ==
            std::nullopt);
  trade_pages no_cursor{{4, 10, 0}};
  CAF_CHECK(no_cursor.next(page(100, 4, 5'000, ""), none_booked) ==
            std::nullopt);
  CAF_CHECK(!short_page.cut_short());
  CAF_CHECK(!no_cursor.cut_short());
}

CAF_TEST(the bound of pages cuts a read short and says so) {
  trade_pages r{{4, 3, 0}};
  CAF_CHECK(r.next(page(100, 4, 5'000, "c1"), none_booked));
  CAF_CHECK(r.next(page(96, 4, 4'996, "c2"), none_booked));
  CAF_CHECK(r.next(page(92, 4, 4'992, "c3"), none_booked) == std::nullopt);
  CAF_CHECK(r.cut_short());
  CAF_CHECK_EQUAL(r.pages(), 3);
}
