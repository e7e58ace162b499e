#define CAF_SUITE paper_gateway
#include "caf/test/dsl.hpp"

#include "actors/lighter_tx_signer.hpp"
#include "actors/paper_book.hpp"
#include "actors/paper_gateway.hpp"
#include "market_stubs.hpp"

#include "caf/all.hpp"

#include <memory>
#include <string>
#include <vector>

using namespace trailgrid::actors;
using namespace trailgrid::messages;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;

namespace {

template <class T>
const T& as(const paper_event& e) {
  return std::get<T>(e);
}

struct account_log {
  std::vector<std::string> events;
  std::vector<fill> fills;
};

caf::result<caf::message> ignore(caf::scheduled_actor*, caf::message_view&) {
  return caf::message{};
}

// An executor stand-in that records what the account stream delivers.
caf::behavior recorder(caf::event_based_actor* self,
                       std::shared_ptr<account_log> log) {
  self->set_default_handler(ignore);
  return {
      [log](const order_accepted& x) {
        log->events.push_back("accepted " +
                              std::to_string(x.client_order_index));
      },
      [log](const order_cancelled& x) {
        log->events.push_back("cancelled " +
                              std::to_string(x.client_order_index));
      },
      [log](const order_rejected& x) {
        log->events.push_back("rejected " +
                              std::to_string(x.client_order_index));
      },
      [log](const fill& x) {
        log->events.push_back("fill " + std::to_string(x.client_order_index));
        log->fills.push_back(x);
      },
  };
}

struct fixture : test_coordinator_fixture<stubs::test_config> {
  std::shared_ptr<account_log> log = std::make_shared<account_log>();
  caf::actor exec;
  paper_gateway_actor uut;
  std::shared_ptr<lighter_tx_signer> signer;
  int64_t nonce = 0;

  fixture() {
    auto s = lighter_tx_signer::from_private_key_hex(std::string(80, '2'),
                                                     {100, 3, 304});
    CAF_REQUIRE(s);
    signer = *s;
    paper_gateway_config cfg;
    trailgrid::lighter::market_info m;
    m.symbol = "BTC";
    m.market_id = 1;
    m.maker_fee_ppm = 20;
    cfg.markets = {m};
    cfg.unix_now_ms = [] { return int64_t{1'700'000'000'000}; };
    uut = sys.spawn(paper_gateway_impl, cfg);
    exec = sys.spawn(recorder, log);
    self->send(uut, route_market{1, caf::actor_cast<executor_actor>(exec),
                                 grid_actor{}});
    sched.run();
  }

  signed_tx sign(const tx_intent& intent) {
    auto out = signer->sign(intent, nonce);
    auto& p = std::get<signed_payload>(out);
    return signed_tx{nonce++, static_cast<uint8_t>(intent.kind), p.tx_info,
                     p.tx_hash};
  }

  batch_reply send(std::vector<tx_intent> intents) {
    send_batch b;
    b.market_index = 1;
    b.api_key_index = 3;
    b.batch_id = 7;
    for (auto& i : intents)
      b.txs.push_back(sign(i));
    self->send(uut, b);
    sched.run();
    batch_reply rep;
    self->receive([&](batch_reply& r) { rep = std::move(r); });
    return rep;
  }

  ~fixture() override {
    self->send_exit(uut, caf::exit_reason::user_shutdown);
    self->send_exit(exec, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

constexpr int64_t deadline = 1'700'000'600'000;

} // namespace

CAF_TEST(paper orders rest until a trade goes through their price) {
  paper_book book;
  auto a = book.create(1, 11, false, price_ticks{1'000}, qty_lots{5}, 0);
  CAF_CHECK_EQUAL(as<order_accepted>(a).order_index,
                  paper_book::first_order_index);
  book.create(1, 12, true, price_ticks{1'010}, qty_lots{5}, 0);
  CAF_CHECK(book.on_trade(1, price_ticks{1'000}, 1).empty()); // at: no fill
  auto fills = book.on_trade(1, price_ticks{999}, 2);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  auto& f = as<fill>(fills[0]);
  CAF_CHECK_EQUAL(f.client_order_index, 11);
  CAF_CHECK_EQUAL(f.price.value, 1'000);
  CAF_CHECK_EQUAL(f.size.value, 5);
  CAF_CHECK(f.order_side == side::bid);
  CAF_CHECK_EQUAL(book.position(1).value, 5);
  CAF_CHECK_EQUAL(book.live(1).size(), 1u);
}

CAF_TEST(a paper post only order that would cross the last trade is refused) {
  paper_book book;
  book.on_trade(1, price_ticks{1'000}, 0);
  auto r = book.create(1, 11, false, price_ticks{1'000}, qty_lots{5}, 0);
  CAF_CHECK(as<order_rejected>(r).why == reject_class::post_only_cross);
  r = book.create(1, 12, true, price_ticks{999}, qty_lots{5}, 0);
  CAF_CHECK(std::holds_alternative<order_rejected>(r));
  r = book.create(1, 13, true, price_ticks{1'001}, qty_lots{5}, 0);
  CAF_CHECK(std::holds_alternative<order_accepted>(r));
}

CAF_TEST(paper cancels find orders by client or exchange index) {
  paper_book book;
  book.create(1, 11, false, price_ticks{1'000}, qty_lots{5}, 0);
  book.create(1, 12, false, price_ticks{999}, qty_lots{5}, 0);
  CAF_CHECK(book.cancel(1, 11, 0));
  CAF_CHECK(!book.cancel(1, 11, 0));
  CAF_CHECK(!book.cancel(2, 12, 0)); // other market
  CAF_CHECK(book.cancel(1, paper_book::first_order_index + 1, 0));
  CAF_CHECK_EQUAL(book.live_count(), 0u);
}

CAF_TEST_FIXTURE_SCOPE(paper_gateway_tests, fixture)

CAF_TEST(a signed batch is accepted and reported like the account stream) {
  auto rep = send({make_create_order(1, 11, false, price_ticks{1'000},
                                     qty_lots{5}, deadline, deadline),
                   make_create_order(1, 12, true, price_ticks{1'010},
                                     qty_lots{5}, deadline, deadline)});
  CAF_CHECK(rep.verdict == exchange_verdict::accepted);
  CAF_CHECK_EQUAL(rep.batch_id, 7u);
  CAF_CHECK_EQUAL(rep.tx_hashes.size(), 2u);
  CAF_CHECK_EQUAL(log->events,
                  std::vector<std::string>({"accepted 11", "accepted 12"}));
  // A trade through the bid fills it, with the maker fee (20 ppm).
  self->send(uut, trade_print{1, 1, price_ticks{990}, qty_lots{1}, false, 5});
  sched.run();
  CAF_REQUIRE_EQUAL(log->fills.size(), 1u);
  CAF_CHECK_EQUAL(log->fills[0].fee.value, 1); // 5'000 x 20 / 1e6, up
  self->send(uut, active_orders_atom::value, int32_t{1});
  sched.run();
  std::vector<live_order> live;
  self->receive([&](std::vector<live_order>& x) { live = std::move(x); });
  CAF_REQUIRE_EQUAL(live.size(), 1u);
  CAF_CHECK_EQUAL(live[0].client_order_index, 12);
  self->send(uut, next_nonce_atom::value, uint8_t{3});
  sched.run();
  nonce_resync n;
  self->receive([&](nonce_resync& x) { n = x; });
  CAF_CHECK_EQUAL(n.next_nonce, 2);
}

CAF_TEST(cancels and cancel all reach the executor as cancelled orders) {
  send({make_create_order(1, 11, false, price_ticks{1'000}, qty_lots{5},
                          deadline, deadline),
        make_create_order(1, 12, false, price_ticks{999}, qty_lots{5}, deadline,
                          deadline)});
  send({make_cancel_order(1, 11, deadline)});
  send({make_cancel_all(255, deadline)});
  CAF_CHECK_EQUAL(log->events,
                  std::vector<std::string>({"accepted 11", "accepted 12",
                                            "cancelled 11", "cancelled 12"}));
}

CAF_TEST_FIXTURE_SCOPE_END()
