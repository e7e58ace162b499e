#define CAF_SUITE market_executor
#include "caf/test/unit_test.hpp"

#include "execution/market_executor.hpp"

#include <string>
#include <utility>
#include <vector>

// g++ 12 at -O3 reports moves of the command variant as "maybe
// uninitialized" (a known false positive of the variant's storage).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

using namespace trailgrid::execution;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;
using step = market_executor::step;
using job_kind = market_executor::job_kind;

namespace {

constexpr int32_t market = 1;
constexpr int64_t start_ms = 1'760'000'000'000;

/// The commands of type T, in order.
template <class T>
std::vector<T> all(const executor_commands& cmds) {
  std::vector<T> out;
  for (auto& c : cmds)
    if (auto x = std::get_if<T>(&c)) out.push_back(*x);
  return out;
}

/// The one command of type T.
template <class T>
T only(const executor_commands& cmds) {
  auto xs = all<T>(cmds);
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  return xs.front();
}

template <class T>
bool has(const executor_commands& cmds) {
  return !all<T>(cmds).empty();
}

size_t creates(const send_txs& s) {
  size_t n = 0;
  for (auto& t : s.txs)
    n += is_create(t) ? 1 : 0;
  return n;
}

size_t cancels(const send_txs& s) {
  return s.txs.size() - creates(s);
}

std::vector<int64_t> cancelled_indexes(const send_txs& s) {
  std::vector<int64_t> out;
  for (auto& t : s.txs)
    if (!is_create(t)) out.push_back(t.cancel_index);
  return out;
}

batch_reply reply(const send_txs& s, exchange_verdict v, int32_t code = 200,
                  std::string message = {}) {
  batch_reply r;
  r.batch_id = s.batch_id;
  r.verdict = v;
  r.code = code;
  r.message = std::move(message);
  return r;
}

struct fixture {
  int64_t now = start_ms;
  market_executor ex{settings(), start_ms};

  static executor_settings settings() {
    executor_settings s;
    s.market_index = market;
    s.max_batch = 15;
    return s;
  }

  /// `bids` bids below 1000 and `asks` asks above it, size 5.
  static replace_grid grid(uint64_t seq, int bids, int asks,
                           int64_t trigger_ns = 0) {
    replace_grid g;
    g.market_index = market;
    g.reset_seq = seq;
    g.centre = price_ticks{1000};
    for (int i = 1; i <= bids; ++i)
      g.levels.push_back({side::bid, price_ticks{1000 - i}, qty_lots{5}});
    for (int i = 1; i <= asks; ++i)
      g.levels.push_back({side::ask, price_ticks{1000 + i}, qty_lots{5}});
    g.why = "fill";
    g.trigger_ns = trigger_ns;
    return g;
  }

  executor_commands accept(const send_txs& s) {
    return ex.on_batch_reply(s.token, reply(s, exchange_verdict::accepted),
                             now);
  }

  /// Accepts every batch that `cmds` and its successors send; the commands
  /// of the last answer.
  executor_commands accept_all(executor_commands cmds) {
    while (has<send_txs>(cmds))
      cmds = accept(only<send_txs>(cmds));
    return cmds;
  }

  /// Applies a grid with every batch accepted.
  executor_commands place(replace_grid g) {
    return accept_all(ex.on_grid(std::move(g), now));
  }

  live_order listed(int64_t coi, int64_t order_index = 0) const {
    auto* o = ex.orders().find(coi);
    live_order l;
    l.market_index = market;
    l.client_order_index = coi;
    l.order_index = order_index;
    if (o) {
      l.is_ask = o->order_side == side::ask;
      l.price = o->price;
      l.remaining = o->remaining;
    }
    return l;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(market_executor_tests, fixture)

// -- a reset ------------------------------------------------------------------

CAF_TEST(a first grid is placed as creates in batches of at most fifteen) {
  auto cmds = ex.on_grid(grid(1, 10, 10), now);
  auto first = only<send_txs>(cmds);
  CAF_CHECK_EQUAL(first.txs.size(), 15u);
  CAF_CHECK_EQUAL(creates(first), 15u);
  CAF_CHECK(ex.step_now() == step::sending);
  for (auto& t : first.txs) {
    CAF_CHECK_EQUAL(t.expired_at_ms, now + settings().tx_deadline_ms);
    CAF_CHECK_EQUAL(t.order_expiry_ms, now + settings().order_lifetime_ms);
    CAF_CHECK_EQUAL(t.time_in_force, 2); // post-only
  }
  auto second = only<send_txs>(accept(first));
  CAF_CHECK_EQUAL(creates(second), 5u);
  auto done = only<reset_done>(accept(second));
  CAF_CHECK_EQUAL(done.reset_seq, 1u);
  CAF_CHECK_EQUAL(done.orders_placed, 20);
  CAF_CHECK_EQUAL(done.orders_failed, 0);
  CAF_CHECK_EQUAL(ex.orders().size(), 20u);
  CAF_CHECK(!ex.job());
}

CAF_TEST(the next grid cancels every live order before any create) {
  place(grid(1, 10, 10));
  auto cmds = ex.on_grid(grid(2, 10, 10), now);
  auto b1 = only<send_txs>(cmds);
  CAF_CHECK_EQUAL(cancels(b1), 15u);
  auto b2 = only<send_txs>(accept(b1));
  CAF_CHECK_EQUAL(cancels(b2), 5u);
  CAF_CHECK_EQUAL(creates(b2), 10u);
  auto b3 = only<send_txs>(accept(b2));
  CAF_CHECK_EQUAL(creates(b3), 10u);
  auto done = only<reset_done>(accept(b3));
  CAF_CHECK_EQUAL(done.orders_placed, 20);
  CAF_CHECK_EQUAL(ex.orders().size(), 20u);
}

CAF_TEST(a reset counts the levels a live order already quoted) {
  place(grid(1, 3, 3)); // bids 999..997, asks 1001..1003
  CAF_CHECK_EQUAL(ex.counters().levels_placed, 6u);
  CAF_CHECK_EQUAL(ex.counters().levels_unchanged, 0u);
  // One tick up: bids 1000..998, asks 1002..1004; 999, 998, 1002 and 1003
  // rest at the same price and size already.
  auto up = grid(2, 3, 3);
  for (auto& l : up.levels)
    l.price = price_ticks{l.price.value + 1};
  place(std::move(up));
  CAF_CHECK_EQUAL(ex.counters().levels_placed, 12u);
  CAF_CHECK_EQUAL(ex.counters().levels_unchanged, 4u);
}

CAF_TEST(a fill triggered reset reports its latency once) {
  auto cmds = ex.on_grid(grid(1, 10, 10, 1'000), now);
  auto b1 = only<send_txs>(cmds);
  CAF_CHECK_EQUAL(b1.trigger_ns, 1'000);
  auto r = reply(b1, exchange_verdict::accepted);
  r.trigger_ns = 1'000;
  r.written_ns = 251'000;
  auto after = ex.on_batch_reply(b1.token, r, now);
  CAF_CHECK_EQUAL(only<reset_latency>(after).ns, 250'000);
  auto b2 = only<send_txs>(after);
  r = reply(b2, exchange_verdict::accepted);
  r.trigger_ns = 1'000;
  r.written_ns = 900'000;
  CAF_CHECK(!has<reset_latency>(ex.on_batch_reply(b2.token, r, now)));
}

CAF_TEST(a fill reset a halt cuts short before its first answer is no latency
             sample) {
  auto b1 = only<send_txs>(ex.on_grid(grid(1, 10, 10, 1'000), now));
  // The halt comes while the first batch waits for its key: the halt's
  // cancels go first, so the batch's wait is the halt's, not the reset's.
  CAF_CHECK(!has<send_txs>(ex.on_cancel(now)));
  auto r = reply(b1, exchange_verdict::accepted);
  r.trigger_ns = 1'000;
  r.written_ns = 1'500'000'000;
  CAF_CHECK(!has<reset_latency>(ex.on_batch_reply(b1.token, r, now)));
  CAF_CHECK_EQUAL(ex.counters().resets_unmeasured_after_halt, 1u);
}

CAF_TEST(a fill during a start grid hurries the rest of its batches) {
  auto first = only<send_txs>(ex.on_grid(grid(1, 10, 10), now));
  CAF_CHECK(!first.urgent); // answers no fill
  // One of the first fifteen fills while the batch waits for its key.
  fill f;
  f.market_index = market;
  f.client_order_index = first.txs[0].client_order_index;
  f.remaining = qty_lots{0};
  auto cmds = ex.on_fill(f);
  CAF_CHECK_EQUAL(only<hurry_batch>(cmds).batch_id, first.batch_id);
  CAF_CHECK(!has<hurry_batch>(ex.on_fill(f))); // once per job
  auto second = only<send_txs>(accept(first));
  CAF_CHECK(second.urgent);
  CAF_CHECK_EQUAL(second.trigger_ns, 0); // not the reset it measures
  accept(second);
  // The next job answers no fill until one comes.
  auto next = only<send_txs>(ex.on_grid(grid(2, 10, 10), now));
  CAF_CHECK(!next.urgent);
}

CAF_TEST(a reset after a fill is urgent and needs no hurry) {
  place(grid(1, 10, 10));
  auto b1 = only<send_txs>(ex.on_grid(grid(2, 10, 10, 5'000), now));
  CAF_CHECK(b1.urgent);
  fill f;
  f.market_index = market;
  f.client_order_index = ex.orders().client_indexes().back();
  f.remaining = qty_lots{0};
  CAF_CHECK(!has<hurry_batch>(ex.on_fill(f)));
}

CAF_TEST(a grid arriving meanwhile waits and the latest one wins) {
  auto b1 = only<send_txs>(ex.on_grid(grid(1, 2, 2), now));
  CAF_CHECK(ex.on_grid(grid(2, 2, 2), now).empty());
  CAF_CHECK(ex.on_grid(grid(3, 3, 3), now).empty());
  CAF_CHECK_EQUAL(ex.counters().superseded_grids, 1u);
  CAF_CHECK(ex.reset_pending() == uint64_t{3});
  auto cmds = accept(b1);
  CAF_CHECK_EQUAL(only<reset_done>(cmds).reset_seq, 1u);
  auto next = only<send_txs>(cmds); // grid 3: 4 cancels, 6 creates
  CAF_CHECK_EQUAL(cancels(next), 4u);
  CAF_CHECK_EQUAL(creates(next), 6u);
  CAF_CHECK(ex.reset_in_flight() == uint64_t{3});
}

CAF_TEST(a grid older than the last one taken is dropped) {
  place(grid(5, 1, 1));
  CAF_CHECK(ex.on_grid(grid(4, 1, 1), now).empty());
  CAF_CHECK(ex.on_grid(grid(5, 1, 1), now).empty());
  CAF_CHECK_EQUAL(ex.counters().stale_grids, 2u);
  ex.on_new_grid(); // a restarted grid numbers afresh
  CAF_CHECK(has<send_txs>(ex.on_grid(grid(1, 1, 1), now)));
}

CAF_TEST(a grid of another market is counted and ignored) {
  auto g = grid(1, 1, 1);
  g.market_index = market + 1;
  CAF_CHECK(ex.on_grid(g, now).empty());
  CAF_CHECK_EQUAL(ex.counters().foreign_events, 1u);
}

CAF_TEST(a cancel of an order that filled meanwhile is left out) {
  place(grid(1, 1, 1));
  auto live = ex.orders().client_indexes();
  fill f;
  f.market_index = market;
  f.client_order_index = live[0];
  f.remaining = qty_lots{0};
  CAF_CHECK(ex.on_fill(f).empty()); // the grid has it from the gateway
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 1), now));
  CAF_CHECK_EQUAL(cancelled_indexes(b), std::vector<int64_t>{live[1]});
}

// -- verdicts -----------------------------------------------------------------

CAF_TEST(retry later backs off doubling and resends the same batch) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 2, 2), now));
  auto w1 = only<wake_after>(ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::retry_later, 23000), now));
  CAF_CHECK_EQUAL(w1.delay_ms, 200);
  CAF_CHECK(ex.step_now() == step::backing_off);
  CAF_CHECK_EQUAL(ex.orders().size(), 0u); // refused creates are not live
  auto again = only<send_txs>(ex.on_wake(w1.token, now));
  CAF_CHECK_EQUAL(again.txs.size(), 4u);
  CAF_CHECK_NOT_EQUAL(again.batch_id, b.batch_id);
  auto w2 = only<wake_after>(ex.on_batch_reply(
      again.token, reply(again, exchange_verdict::retry_later, 23000), now));
  CAF_CHECK_EQUAL(w2.delay_ms, 400);
  CAF_CHECK_EQUAL(ex.counters().rejects.at(exchange_verdict::retry_later), 2u);
}

CAF_TEST(a batch refused max attempts times is given up and its creates fail) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 2, 2), now));
  executor_commands cmds;
  for (int i = 0; i < settings().max_attempts; ++i) {
    cmds = ex.on_batch_reply(
        b.token, reply(b, exchange_verdict::retry_later, 23000, "busy"), now);
    if (has<wake_after>(cmds))
      b = only<send_txs>(ex.on_wake(only<wake_after>(cmds).token, now));
  }
  auto done = only<reset_done>(cmds);
  CAF_CHECK_EQUAL(done.orders_failed, 4);
  CAF_CHECK_EQUAL(done.orders_placed, 0);
  CAF_CHECK_EQUAL(ex.last_error(), "retry_later: busy");
}

CAF_TEST(an invalid nonce resends at once and is counted) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 2, 2), now));
  auto again = only<send_txs>(ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::resync_nonce, 21104), now));
  CAF_CHECK_EQUAL(again.txs.size(), 4u);
  CAF_CHECK_EQUAL(ex.counters().nonce_errors, 1u);
  CAF_CHECK(has<reset_done>(accept(again)));
}

CAF_TEST(dropped creates are reported to the grid and the cancels resent) {
  place(grid(1, 1, 1));
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 1), now));
  CAF_CHECK_EQUAL(b.txs.size(), 4u);
  auto cmds = ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::drop_order, 21701, "bad amount"),
      now);
  auto rejected = all<order_rejected>(cmds);
  CAF_REQUIRE_EQUAL(rejected.size(), 2u);
  CAF_CHECK(rejected[0].why == reject_class::invalid_amount);
  CAF_CHECK_EQUAL(rejected[0].code, 21701);
  auto resent = only<send_txs>(cmds);
  CAF_CHECK_EQUAL(cancels(resent), 2u);
  CAF_CHECK_EQUAL(creates(resent), 0u);
  auto done = only<reset_done>(accept(resent));
  CAF_CHECK_EQUAL(done.orders_failed, 2);
  CAF_CHECK_EQUAL(ex.orders().size(), 0u);
}

CAF_TEST(a dropped batch of cancels only is forgotten so the job goes on) {
  place(grid(1, 1, 1));
  auto b = only<send_txs>(ex.on_grid(grid(2, 0, 0), now));
  auto cmds = ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::drop_order, 21513), now);
  CAF_CHECK(has<reset_done>(cmds));
  CAF_CHECK_EQUAL(ex.orders().size(), 0u);
}

CAF_TEST(an already gone verdict on one cancel forgets that cancel) {
  place(grid(1, 1, 0));
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 0), now));
  auto resent = only<send_txs>(ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::already_gone, 21600), now));
  CAF_CHECK_EQUAL(cancels(resent), 0u);
  CAF_CHECK_EQUAL(creates(resent), 1u);
}

CAF_TEST(an already gone verdict on several cancels asks the exchange) {
  place(grid(1, 2, 0));
  auto live = ex.orders().client_indexes();
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 0), now));
  auto q = only<query_orders>(ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::already_gone, 21600), now));
  CAF_CHECK(ex.step_now() == step::querying);
  // The exchange lists only the second order: the first one was the gone one.
  auto resent =
      only<send_txs>(ex.on_live_orders(q.token, {listed(live[1], 77)}, now));
  CAF_CHECK_EQUAL(cancelled_indexes(resent), std::vector<int64_t>{live[1]});
  CAF_CHECK_EQUAL(creates(resent), 1u);
}

CAF_TEST(an already gone verdict after a fill leaves out the filled one) {
  place(grid(1, 2, 0));
  auto live = ex.orders().client_indexes();
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 0), now));
  fill f;
  f.market_index = market;
  f.client_order_index = live[0];
  ex.on_fill(f);
  auto resent = only<send_txs>(ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::already_gone, 21600), now));
  CAF_CHECK_EQUAL(cancelled_indexes(resent), std::vector<int64_t>{live[1]});
}

CAF_TEST(a fatal verdict halts the market and cancels what rests) {
  place(grid(1, 1, 1));
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 1), now));
  auto cmds = ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::fatal, 21120, "invalid signature"),
      now);
  auto done = only<reset_done>(cmds);
  CAF_CHECK_EQUAL(done.orders_failed, 2);
  CAF_CHECK_EQUAL(ex.halted(), "21120 invalid signature");
  CAF_CHECK(ex.cancel_unconfirmed());
  // The halt's cancel job goes out next, for the orders still tracked.
  auto cancel = only<send_txs>(cmds);
  CAF_CHECK_EQUAL(cancels(cancel), 2u);
  CAF_CHECK(ex.job() == job_kind::cancel);
  // ... and the exchange is asked, after a backoff, whether any rests.
  auto wake = only<wake_after>(cmds);
  CAF_CHECK_EQUAL(wake.token, 0u);
  CAF_CHECK(accept(cancel).empty());
  // Grids wait while halted.
  CAF_CHECK(ex.on_grid(grid(3, 1, 1), now).empty());
  auto q = only<query_orders>(ex.on_wake(0, now));
  auto checked = ex.on_live_orders(q.token, {}, now);
  CAF_CHECK(!ex.cancel_unconfirmed());
  CAF_CHECK(!has<send_txs>(checked));
  // Resume applies the waiting grid.
  CAF_CHECK(has<send_txs>(ex.on_resume(now)));
  CAF_CHECK(ex.halted().empty());
}

CAF_TEST(an unknown verdict reads the live orders and plans the job again) {
  place(grid(1, 1, 1));
  auto old = ex.orders().client_indexes();
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 1), now));
  auto q = only<query_orders>(ex.on_batch_reply(
      b.token, reply(b, exchange_verdict::unknown, 0, "disconnected"), now));
  CAF_CHECK_EQUAL(ex.last_error(), "unknown: disconnected");
  // The exchange took the batch: the old orders are gone, the new ones live.
  std::vector<live_order> live;
  for (auto& t : b.txs)
    if (is_create(t)) live.push_back(listed(t.client_order_index, 900));
  // Read after the grace for accepted creates: unlisted means gone.
  auto later = now + settings().unseen_grace_ms + 1;
  auto resent = only<send_txs>(ex.on_live_orders(q.token, live, later));
  CAF_CHECK_EQUAL(cancels(resent), 2u); // the listed new ones: planned again
  for (auto coi : cancelled_indexes(resent))
    CAF_CHECK(coi != old[0] && coi != old[1]);
  CAF_CHECK(has<reset_done>(accept_all({resent})));
}

CAF_TEST(a job gives up after max recoveries) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 1), now));
  executor_commands cmds;
  for (int i = 0; i <= settings().max_recoveries; ++i) {
    cmds = ex.on_batch_reply(b.token, reply(b, exchange_verdict::unknown), now);
    if (!has<query_orders>(cmds)) break;
    b = only<send_txs>(
        ex.on_live_orders(only<query_orders>(cmds).token, {}, now));
  }
  auto done = only<reset_done>(cmds);
  CAF_CHECK_EQUAL(done.orders_failed, 2);
  CAF_CHECK_EQUAL(ex.last_error(), "gave up after 3 reconciles");
}

CAF_TEST(a create the exchange accepted but does not list yet stays tracked) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 0), now));
  accept(b);
  auto coi = b.txs[0].client_order_index;
  CAF_REQUIRE(ex.orders().find(coi) != nullptr);
  // A reconcile reads a listing taken before the exchange showed it.
  auto q = only<query_orders>(ex.on_reconcile(1, now));
  auto cmds = ex.on_live_orders(q.token, {}, now + 1'000);
  CAF_CHECK(ex.orders().find(coi) != nullptr);
  CAF_CHECK(only<answer_reconcile>(cmds).ok);
  // After the grace it is taken as gone.
  q = only<query_orders>(ex.on_reconcile(2, now));
  ex.on_live_orders(q.token, {}, now + settings().unseen_grace_ms + 1);
  CAF_CHECK(ex.orders().find(coi) == nullptr);
}

// -- send failures ------------------------------------------------------------

CAF_TEST(a batch the signer will never sign is given up at once) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 1), now));
  auto cmds =
      ex.on_send_failed(b.token, send_failure::refused, "unknown api key", now);
  CAF_CHECK_EQUAL(only<reset_done>(cmds).orders_failed, 2);
  CAF_CHECK_EQUAL(ex.last_error(), "sign: unknown api key");
  CAF_CHECK_EQUAL(ex.orders().size(), 0u);
}

CAF_TEST(a batch the signer did not sign yet is retried after a backoff) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 1), now));
  auto w = only<wake_after>(ex.on_send_failed(
      b.token, send_failure::refused_for_now, "sign timeout", now));
  CAF_CHECK_EQUAL(ex.orders().size(), 0u);
  CAF_CHECK(has<send_txs>(ex.on_wake(w.token, now)));
}

CAF_TEST(a batch without an answer is treated as verdict unknown) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 1), now));
  auto cmds =
      ex.on_send_failed(b.token, send_failure::no_answer, "timeout", now);
  CAF_CHECK(has<query_orders>(cmds));
  CAF_CHECK_EQUAL(ex.counters().rejects.at(exchange_verdict::unknown), 1u);
}

CAF_TEST(an answer or wake of an earlier step changes nothing) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 1), now));
  auto w = only<wake_after>(
      ex.on_batch_reply(b.token, reply(b, exchange_verdict::retry_later), now));
  CAF_CHECK(
      ex.on_batch_reply(b.token, reply(b, exchange_verdict::accepted), now)
          .empty());
  auto again = only<send_txs>(ex.on_wake(w.token, now));
  CAF_CHECK(ex.on_wake(w.token, now).empty());
  CAF_CHECK(ex.on_live_orders(again.token, {}, now).empty());
  CAF_CHECK(has<reset_done>(accept(again)));
}

// -- pause, cancel, drain -----------------------------------------------------

CAF_TEST(a pause stops the creates of a running reset and cancels the rest) {
  place(grid(1, 10, 10));
  auto b1 = only<send_txs>(ex.on_grid(grid(2, 10, 10), now)); // 15 cancels
  CAF_CHECK(ex.on_pause(now).empty()); // after the batch in flight
  auto b2 = only<send_txs>(accept(b1));
  CAF_CHECK_EQUAL(cancels(b2), 5u);
  CAF_CHECK_EQUAL(creates(b2), 0u);
  auto cmds = accept(b2);
  CAF_CHECK_EQUAL(only<reset_done>(cmds).orders_failed, 20);
  // Nothing left to cancel: the exchange is asked after a backoff.
  auto wake = only<wake_after>(cmds);
  CAF_CHECK_EQUAL(wake.delay_ms, 200);
  CAF_CHECK(ex.cancel_unconfirmed());
}

CAF_TEST(a pause during a backoff sends the cancels at once) {
  place(grid(1, 1, 1));
  auto b = only<send_txs>(ex.on_grid(grid(2, 1, 1), now));
  auto w = only<wake_after>(
      ex.on_batch_reply(b.token, reply(b, exchange_verdict::retry_later), now));
  auto cmds = ex.on_pause(now);
  auto cancel = only<send_txs>(cmds);
  CAF_CHECK_EQUAL(cancels(cancel), 2u);
  CAF_CHECK_EQUAL(creates(cancel), 0u);
  CAF_CHECK(ex.on_wake(w.token, now).empty()); // the old wake is void
}

CAF_TEST(the cancel check repeats with backoff until the exchange lists none) {
  place(grid(1, 1, 0));
  auto coi = ex.orders().client_indexes()[0];
  auto cancel = only<send_txs>(ex.on_pause(now));
  auto w1 = only<wake_after>(accept(cancel));
  // The exchange still lists it (the cancel raced a resend, say).
  auto q1 = only<query_orders>(ex.on_wake(w1.token, now));
  auto again = only<send_txs>(ex.on_live_orders(q1.token, {listed(coi)}, now));
  CAF_CHECK_EQUAL(cancelled_indexes(again), std::vector<int64_t>{coi});
  auto w2 = only<wake_after>(accept(again));
  CAF_CHECK_EQUAL(w2.delay_ms, 400);
  auto q2 = only<query_orders>(ex.on_wake(w2.token, now));
  CAF_CHECK(ex.on_live_orders(q2.token, {}, now).empty());
  CAF_CHECK(!ex.cancel_unconfirmed());
  CAF_CHECK_EQUAL(ex.counters().cancel_checks, 2u);
  // Paused: grids wait until resume.
  CAF_CHECK(ex.on_grid(grid(2, 1, 1), now).empty());
  CAF_CHECK(has<send_txs>(ex.on_resume(now)));
}

CAF_TEST(a drain ignores every later grid) {
  place(grid(1, 1, 1));
  auto cancel = only<send_txs>(ex.on_drain(now));
  accept(cancel);
  CAF_CHECK(ex.on_grid(grid(2, 1, 1), now).empty());
  CAF_CHECK(!ex.reset_pending());
  CAF_CHECK(ex.draining());
}

// -- reconcile ----------------------------------------------------------------

CAF_TEST(a reconcile cancels our unknown orders and leaves foreign ones) {
  client_index_space ours{client_index_space::default_tag, market};
  client_index_space other_bot{0xC, market};
  auto stray = ours.make(client_index_space::max_sequence - 5);
  auto q = only<query_orders>(ex.on_reconcile(7, now));
  CAF_CHECK(ex.job() == job_kind::reconcile);
  live_order mine;
  mine.market_index = market;
  mine.client_order_index = stray;
  live_order foreign = mine;
  foreign.client_order_index = other_bot.make(3);
  auto cancel =
      only<send_txs>(ex.on_live_orders(q.token, {mine, foreign}, now));
  CAF_CHECK_EQUAL(cancelled_indexes(cancel), std::vector<int64_t>{stray});
  auto answer = only<answer_reconcile>(accept(cancel));
  CAF_CHECK(answer.ok);
  CAF_CHECK_EQUAL(answer.request, 7u);
  CAF_CHECK_EQUAL(answer.result.orphans_cancelled, 1);
  CAF_CHECK_EQUAL(answer.result.live_orders, 0);
  // The index sequence moved past the stray order.
  CAF_CHECK_GREATER(ex.indexes().last(),
                    client_index_space::sequence_of(stray) - 1);
}

CAF_TEST(a newer reconcile request supersedes a waiting one) {
  auto b = only<send_txs>(ex.on_grid(grid(1, 1, 1), now));
  CAF_CHECK(ex.on_reconcile(1, now).empty());
  auto cmds = ex.on_reconcile(2, now);
  auto superseded = only<answer_reconcile>(cmds);
  CAF_CHECK_EQUAL(superseded.request, 1u);
  CAF_CHECK(!superseded.ok);
  CAF_CHECK_EQUAL(superseded.error, "superseded");
  auto q = only<query_orders>(accept(b));
  auto answer = only<answer_reconcile>(ex.on_live_orders(q.token, {}, now));
  CAF_CHECK_EQUAL(answer.request, 2u);
}

CAF_TEST(a reconcile whose reads keep failing answers with the error) {
  auto q = only<query_orders>(ex.on_reconcile(3, now));
  executor_commands cmds;
  for (int i = 0; i < settings().max_attempts; ++i) {
    cmds = ex.on_query_failed(q.token, "budget", now);
    if (has<wake_after>(cmds))
      q = only<query_orders>(ex.on_wake(only<wake_after>(cmds).token, now));
  }
  auto answer = only<answer_reconcile>(cmds);
  CAF_CHECK(!answer.ok);
  CAF_CHECK_EQUAL(answer.error, "active orders: budget");
  CAF_CHECK(!ex.job());
}

// -- the account stream -------------------------------------------------------

CAF_TEST(order events of other namespaces are counted and not passed on) {
  client_index_space other_bot{0xC, market};
  order_accepted a{market, other_bot.make(1), 5, 0};
  CAF_CHECK(ex.on_accepted(a).empty());
  fill f;
  f.market_index = market;
  f.order_index = 12345; // not ours, no client index
  CAF_CHECK(ex.on_fill(f).empty());
  CAF_CHECK_EQUAL(ex.counters().foreign_events, 2u);
}

CAF_TEST(a fill without a client index is matched by its order index) {
  place(grid(1, 1, 0));
  auto coi = ex.orders().client_indexes()[0];
  order_accepted a{market, coi, 4242, 0};
  CAF_CHECK(ex.on_accepted(a).empty());
  fill f;
  f.market_index = market;
  f.order_index = 4242;
  f.remaining = qty_lots{2};
  // Only the executor could tell it is ours: it passes it on to the grid.
  auto passed = only<fill>(ex.on_fill(f));
  CAF_CHECK_EQUAL(passed.client_order_index, coi);
  CAF_CHECK_EQUAL(ex.orders().find(coi)->remaining.value, 2);
}

CAF_TEST(an accepted order of ours that we did not know is adopted) {
  client_index_space ours{client_index_space::default_tag, market};
  auto coi = ours.make(3);
  CAF_CHECK(ex.on_accepted({market, coi, 9, 0}).empty());
  CAF_CHECK(ex.orders().find(coi) != nullptr);
  // ... so the next reset cancels it.
  auto b = only<send_txs>(ex.on_grid(grid(1, 0, 0), now));
  CAF_CHECK_EQUAL(cancelled_indexes(b), std::vector<int64_t>{coi});
}

CAF_TEST(a cancelled or rejected order leaves the live set) {
  place(grid(1, 1, 1));
  auto live = ex.orders().client_indexes();
  order_cancelled c;
  c.market_index = market;
  c.client_order_index = live[0];
  CAF_CHECK(ex.on_cancelled(c).empty()); // the grid has it from the gateway
  order_rejected r;
  r.market_index = market;
  r.client_order_index = live[1];
  CAF_CHECK(ex.on_rejected(r).empty());
  CAF_CHECK_EQUAL(ex.orders().size(), 0u);
}

CAF_TEST_FIXTURE_SCOPE_END()
