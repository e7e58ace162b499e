#define CAF_SUITE batch_settler
#include "caf/test/unit_test.hpp"

#include "execution/batch_settler.hpp"

using namespace trailgrid::execution;

CAF_TEST(an answered batch leaves the set) {
  batch_settler s;
  s.on_sent({1, 4, 100, 5, 0});
  CAF_CHECK_EQUAL(s.in_flight(), 1u);
  CAF_CHECK(s.take(1).has_value());
  CAF_CHECK(!s.take(1).has_value());
  CAF_CHECK_EQUAL(s.in_flight(), 0u);
}

CAF_TEST(a lost batch is settled from the exchange next nonce) {
  batch_settler s;
  s.on_sent({1, 4, 100, 5, 0});
  s.on_sent({2, 4, 105, 5, 0});
  s.on_sent({3, 4, 110, 5, 0});
  CAF_CHECK(s.on_lost(1));  // first lost batch of key 4: ask
  CAF_CHECK(!s.on_lost(2)); // the same answer settles it
  CAF_CHECK(!s.on_lost(3));
  auto settled = s.on_nonce(4, 107);
  CAF_REQUIRE_EQUAL(settled.size(), 3u);
  CAF_CHECK(settled[0].fate == nonce_fate::consumed);
  CAF_CHECK(settled[1].fate == nonce_fate::uncertain); // partly taken
  CAF_CHECK(settled[2].fate == nonce_fate::not_consumed);
  CAF_CHECK_EQUAL(s.lost(), 0u);
}

CAF_TEST(the nonce of one key settles nothing of another) {
  batch_settler s;
  s.on_sent({1, 4, 100, 1, 0});
  s.on_sent({2, 5, 100, 1, 0});
  s.on_lost(1);
  s.on_lost(2);
  CAF_CHECK_EQUAL(s.on_nonce(4, 101).size(), 1u);
  CAF_CHECK_EQUAL(s.keys_to_settle(), std::vector<uint8_t>{5});
}

CAF_TEST(a reply that arrives after the batch was settled is ignored) {
  batch_settler s;
  s.on_sent({1, 4, 100, 1, 0});
  s.on_lost(1);
  CAF_CHECK(!s.take(1).has_value());
}
