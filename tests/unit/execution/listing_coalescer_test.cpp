#define CAF_SUITE listing_coalescer
#include "caf/test/unit_test.hpp"

#include "execution/listing_coalescer.hpp"

using namespace trailgrid::execution;

namespace {

std::vector<uint64_t> ids(const std::vector<listing_ask>& asks) {
  std::vector<uint64_t> out;
  for (auto& a : asks)
    out.push_back(a.id);
  return out;
}

} // namespace

CAF_TEST(asks made before a read starts share it) {
  listing_coalescer c;
  CAF_CHECK(c.ask(1, 10));
  CAF_CHECK(c.ask(2, 11)); // still nothing in flight: the caller starts it
  c.start();
  CAF_CHECK(c.in_flight());
  CAF_CHECK(!c.has_waiting());
  CAF_CHECK_EQUAL(ids(c.finish()), (std::vector<uint64_t>{1, 2}));
  CAF_CHECK_EQUAL(c.reads(), 1u);
  CAF_CHECK_EQUAL(c.joined(), 1u);
}

CAF_TEST(an ask made while a read is in flight waits for the next read) {
  // The read in flight may have been sent before the ask: an order placed
  // just before asking could be missing from it.
  listing_coalescer c;
  CAF_CHECK(c.ask(1, 10));
  c.start();
  CAF_CHECK(!c.ask(2, 10));
  CAF_CHECK(!c.ask(3, 12));
  auto first = c.finish();
  CAF_CHECK_EQUAL(ids(first), std::vector<uint64_t>{1});
  CAF_REQUIRE(c.has_waiting());
  c.start();
  auto second = c.finish();
  CAF_CHECK_EQUAL(ids(second), (std::vector<uint64_t>{2, 3}));
  CAF_CHECK_EQUAL(second[1].market, 12);
  CAF_CHECK_EQUAL(c.reads(), 2u);
  CAF_CHECK(!c.has_waiting());
}

CAF_TEST(a burst of asks costs at most two reads) {
  listing_coalescer c;
  CAF_CHECK(c.ask(1, 1));
  c.start();
  for (uint64_t id = 2; id <= 100; ++id)
    CAF_CHECK(!c.ask(id, static_cast<int32_t>(id)));
  c.finish();
  c.start();
  CAF_CHECK_EQUAL(c.finish().size(), 99u);
  CAF_CHECK_EQUAL(c.reads(), 2u);
  CAF_CHECK_EQUAL(c.joined(), 98u);
}

CAF_TEST(starting with nothing to read or a read in flight does nothing) {
  listing_coalescer c;
  c.start();
  CAF_CHECK(!c.in_flight());
  CAF_CHECK_EQUAL(c.reads(), 0u);
  c.ask(1, 1);
  c.start();
  c.ask(2, 1);
  c.start(); // in flight: 2 waits
  CAF_CHECK_EQUAL(c.reads(), 1u);
  CAF_CHECK(c.has_waiting());
}

CAF_TEST(a read for one market lists that market alone) {
  listing_coalescer c;
  CAF_CHECK(!c.scope()); // nothing in flight
  c.ask(1, 7);
  c.ask(2, 7); // the same market twice is still one market
  c.start();
  CAF_CHECK_EQUAL(c.scope(), std::optional<int32_t>{7});
  c.finish();
  CAF_CHECK(!c.scope());
}

CAF_TEST(a read for several markets lists the whole account) {
  listing_coalescer c;
  c.ask(1, 7);
  c.ask(2, 8);
  c.start();
  CAF_CHECK(!c.scope());
}
