#define CAF_SUITE codec_rest_queue
#include "caf/test/unit_test.hpp"

#include "lighter/codec/rest_queue.hpp"

#include <vector>

using namespace trailgrid::lighter;

namespace {

rest_queue::options budget(int64_t per_minute, int64_t timeout_ms = 10'000,
                           std::size_t max_queued = 1024) {
  rest_queue::options o;
  o.capacity = per_minute;
  o.window_ms = 60'000;
  o.queue_timeout_ms = timeout_ms;
  o.max_queued = max_queued;
  return o;
}

std::vector<uint64_t> sent_ids(const std::vector<rest_queue::release>& r) {
  std::vector<uint64_t> out;
  for (const auto& x : r)
    if (x.sent) out.push_back(x.id);
  return out;
}

constexpr int64_t t0 = 1'000'000;

} // namespace

CAF_TEST(requests within the budget go at once and the next one waits) {
  rest_queue q{budget(60)};
  for (uint64_t i = 1; i <= 60; ++i)
    CAF_REQUIRE_EQUAL(q.submit(t0, i, rest_lane::read, 1).kind,
                      rest_queue::decision::send);
  CAF_CHECK_EQUAL(q.submit(t0, 61, rest_lane::read, 1).kind,
                  rest_queue::decision::wait);
  CAF_CHECK_EQUAL(q.waiting(), 1u);
  CAF_CHECK_EQUAL(q.next_wake(t0).value_or(-1), t0 + 1000);
  CAF_CHECK(sent_ids(q.pump(t0 + 999)).empty());
  CAF_CHECK_EQUAL(sent_ids(q.pump(t0 + 1000)), std::vector<uint64_t>{61});
  CAF_CHECK(!q.next_wake(t0 + 1000));
}

CAF_TEST(a new request never overtakes one that waits in its lane) {
  rest_queue q{budget(1, 600'000)};
  CAF_REQUIRE_EQUAL(q.submit(t0, 1, rest_lane::read, 1).kind,
                    rest_queue::decision::send);
  CAF_REQUIRE_EQUAL(q.submit(t0, 2, rest_lane::read, 1).kind,
                    rest_queue::decision::wait);
  // The budget is back, but 2 waits: 3 goes behind it.
  CAF_CHECK_EQUAL(q.submit(t0 + 60'000, 3, rest_lane::read, 1).kind,
                  rest_queue::decision::wait);
  CAF_CHECK_EQUAL(sent_ids(q.pump(t0 + 60'000)), std::vector<uint64_t>{2});
}

CAF_TEST(a transaction goes ahead of the reads waiting for the budget) {
  rest_queue q{budget(2, 600'000)};
  q.submit(t0, 1, rest_lane::read, 1);
  q.submit(t0, 2, rest_lane::read, 1);
  for (uint64_t i = 3; i <= 6; ++i)
    CAF_REQUIRE_EQUAL(q.submit(t0, i, rest_lane::read, 1).kind,
                      rest_queue::decision::wait);
  CAF_CHECK_EQUAL(q.submit(t0, 7, rest_lane::transaction, 1).kind,
                  rest_queue::decision::wait);
  // One token comes back every 30 s: the cancel first, then the reads.
  CAF_CHECK_EQUAL(sent_ids(q.pump(t0 + 30'000)), std::vector<uint64_t>{7});
  CAF_CHECK_EQUAL(sent_ids(q.pump(t0 + 60'000)), std::vector<uint64_t>{3});
}

CAF_TEST(a read waits behind waiting transactions even when it would fit) {
  rest_queue q{budget(2, 600'000)};
  q.submit(t0, 1, rest_lane::transaction, 2);
  CAF_REQUIRE_EQUAL(q.submit(t0, 2, rest_lane::transaction, 2).kind,
                    rest_queue::decision::wait);
  CAF_CHECK_EQUAL(q.submit(t0 + 30'000, 3, rest_lane::read, 1).kind,
                  rest_queue::decision::wait);
  CAF_CHECK_EQUAL(sent_ids(q.pump(t0 + 60'000)), (std::vector<uint64_t>{2}));
  CAF_CHECK_EQUAL(sent_ids(q.pump(t0 + 90'000)), std::vector<uint64_t>{3});
}

CAF_TEST(a request that waited past the queue timeout fails with the wait) {
  rest_queue q{budget(1, 5'000)};
  q.submit(t0, 1, rest_lane::read, 1);
  q.submit(t0, 2, rest_lane::read, 1);
  CAF_CHECK_EQUAL(q.next_wake(t0).value_or(-1), t0 + 5'000);
  auto out = q.pump(t0 + 5'000);
  CAF_REQUIRE_EQUAL(out.size(), 1u);
  CAF_CHECK_EQUAL(out[0].id, 2u);
  CAF_CHECK(!out[0].sent);
  CAF_CHECK_NOT_EQUAL(out[0].reason.find("waited 5000 ms"), std::string::npos);
  CAF_CHECK_EQUAL(out[0].retry_after_ms, 55'000);
  CAF_CHECK_EQUAL(q.waiting(), 0u);
}

CAF_TEST(a request is refused at once when the lanes are full or
         it costs too much) {
  rest_queue q{budget(300, 10'000, 2)};
  CAF_CHECK_EQUAL(q.submit(t0, 1, rest_lane::read, 301).kind,
                  rest_queue::decision::refuse);
  q.submit(t0, 2, rest_lane::read, 300);
  q.submit(t0, 3, rest_lane::read, 300);
  q.submit(t0, 4, rest_lane::transaction, 6);
  auto d = q.submit(t0, 5, rest_lane::read, 300);
  CAF_CHECK_EQUAL(d.kind, rest_queue::decision::refuse);
  CAF_CHECK_NOT_EQUAL(d.reason.find("2 requests already wait"),
                      std::string::npos);
}

CAF_TEST(a rate - limit answer empties the budget) {
  rest_queue q{budget(60)};
  q.on_rate_limited(t0);
  CAF_CHECK_EQUAL(q.available(t0), 0);
  CAF_CHECK_EQUAL(q.submit(t0, 1, rest_lane::transaction, 1).kind,
                  rest_queue::decision::wait);
  CAF_CHECK_EQUAL(q.next_wake(t0).value_or(-1), t0 + 1000);
}

CAF_TEST(sendTx sendTxBatch and nextNonce are transactions and the rest reads) {
  CAF_CHECK_EQUAL(lane_of("/api/v1/sendTx"), rest_lane::transaction);
  CAF_CHECK_EQUAL(lane_of("/api/v1/sendTxBatch"), rest_lane::transaction);
  CAF_CHECK_EQUAL(lane_of("/api/v1/nextNonce?account_index=1"),
                  rest_lane::transaction);
  CAF_CHECK_EQUAL(lane_of("/api/v1/accountActiveOrders"), rest_lane::read);
  CAF_CHECK_EQUAL(lane_of("/api/v1/candles"), rest_lane::read);
}
