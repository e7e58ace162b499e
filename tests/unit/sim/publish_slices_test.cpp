#define CAF_SUITE sim_publish_slices
#include "caf/test/unit_test.hpp"

#include "tools/lighter-sim/publish_slices.hpp"

#include <string>

using namespace trailgrid::sim;

namespace {

sim_event book(int market) {
  book_event e;
  e.market_id = market;
  return e;
}

sim_event order(int market, int64_t index) {
  order_event e;
  e.order.market_id = market;
  e.order.order_index = index;
  return e;
}

sim_event stats(int market) {
  return stats_event{market};
}

// "kind:market" of each event of a slice, e.g. "book:3 order:3".
std::string describe(const std::vector<sim_event>& slice) {
  std::string out;
  for (auto& e : slice) {
    if (!out.empty()) out += ' ';
    if (auto b = std::get_if<book_event>(&e))
      out += "book:" + std::to_string(b->market_id);
    else if (auto o = std::get_if<order_event>(&e))
      out += "order:" + std::to_string(o->order.market_id) + "#" +
             std::to_string(o->order.order_index);
    else if (auto s = std::get_if<stats_event>(&e))
      out += "stats:" + std::to_string(s->market_id);
    else if (auto bl = std::get_if<balance_event>(&e))
      out += "balance:" + std::to_string(bl->account);
    else
      out += "other";
  }
  return out;
}

} // namespace

CAF_TEST(
    markets go into slices in order of first event with their events in order) {
  std::vector<sim_event> events{
      book(7),     order(3, 1), stats(7), book(3), balance_event{100},
      order(9, 2), order(3, 3), book(9)};
  auto slices = slice_for_publish(events, 2);
  CAF_REQUIRE_EQUAL(slices.size(), 2u);
  CAF_CHECK_EQUAL(describe(slices[0]),
                  "book:7 order:3#1 stats:7 book:3 order:3#3");
  // The account-wide balance goes last, after every market's events.
  CAF_CHECK_EQUAL(describe(slices[1]), "order:9#2 book:9 balance:100");
}

CAF_TEST(no limit gives one slice and no events give none) {
  std::vector<sim_event> events{book(1), book(2), book(3)};
  auto one = slice_for_publish(events, 0);
  CAF_REQUIRE_EQUAL(one.size(), 1u);
  CAF_CHECK_EQUAL(describe(one[0]), "book:1 book:2 book:3");
  CAF_CHECK(slice_for_publish({}, 8).empty());
  auto only_balance = slice_for_publish({balance_event{5}}, 8);
  CAF_REQUIRE_EQUAL(only_balance.size(), 1u);
  CAF_CHECK_EQUAL(describe(only_balance[0]), "balance:5");
}

CAF_TEST(every event lands in exactly one slice) {
  std::vector<sim_event> events;
  for (int i = 0; i < 100; ++i)
    events.push_back(book(i % 25));
  auto slices = slice_for_publish(events, 8);
  CAF_CHECK_EQUAL(slices.size(), 4u); // 25 markets, 8 a slice
  size_t total = 0;
  for (auto& s : slices)
    total += s.size();
  CAF_CHECK_EQUAL(total, 100u);
}
