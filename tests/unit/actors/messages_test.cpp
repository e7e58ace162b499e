#define CAF_SUITE messages
#include "caf/test/unit_test.hpp"

#include "messages/errors.hpp"
#include "messages/interfaces.hpp"
#include "messages/register_types.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/binary_deserializer.hpp"
#include "caf/binary_serializer.hpp"
#include "caf/deep_to_string.hpp"
#include "caf/error.hpp"

#include <string>
#include <type_traits>
#include <vector>

using namespace trailgrid::messages;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

namespace {

template <class T>
T round_trip(T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  if (auto err = sink(x)) CAF_FAIL("serialization failed");
  T y;
  caf::binary_deserializer source{nullptr, buf};
  if (auto err = source(y)) CAF_FAIL("deserialization failed");
  return y;
}

} // namespace

CAF_TEST(register types names every message type for the wire) {
  caf::actor_system_config cfg;
  register_types(cfg);
  for (auto name :
       {"trailgrid::messages::top_of_book", "trailgrid::messages::fill",
        "trailgrid::messages::replace_grid",
        "trailgrid::messages::sign_request",
        "trailgrid::messages::sign_and_send", "trailgrid::messages::tx_outcome",
        "trailgrid::messages::nonce_resync",
        "trailgrid::messages::actor_status",
        "trailgrid::messages::market_peers", "trailgrid::messages::reset_done",
        "trailgrid::messages::cancel_grid", "trailgrid::messages::halt_notice",
        "trailgrid::messages::balance_update"})
    CAF_CHECK(cfg.value_factories_by_name.count(name) == 1);
}

CAF_TEST(nested status survives serialization) {
  actor_status leaf;
  leaf.name = "BTC/grid";
  leaf.kind = "grid";
  leaf.state = run_state::backing_off;
  leaf.attempt = 3;
  leaf.next_retry_in_ms = 4'000;
  leaf.restarts = 3;
  leaf.figures = {{"mid", "98500.0"}, {"spacing", "0.18 %"}};
  actor_status root;
  root.name = "BTC";
  root.kind = "market_supervisor";
  root.uptime_ms = 123'456;
  root.mailbox_size = 2;
  root.children = {leaf, leaf};
  root.children[1].children = {leaf};
  auto copy = round_trip(root);
  CAF_CHECK_EQUAL(caf::deep_to_string(copy), caf::deep_to_string(root));
  CAF_REQUIRE_EQUAL(copy.children.size(), 2u);
  CAF_CHECK(copy.children[0].state == run_state::backing_off);
  CAF_CHECK_EQUAL(copy.children[1].children.at(0).figures.at("mid"), "98500.0");
}

CAF_TEST(sign requests and results survive serialization) {
  sign_request req;
  req.api_key_index = 4;
  req.market_index = 1;
  req.txs = {make_cancel_all(1, 1'735'689'600'000),
             make_create_order(1, 77, true, price_ticks{9'500'123},
                               qty_lots{200}, 1'738'108'800'000,
                               1'735'689'600'000)};
  auto copy = round_trip(req);
  CAF_CHECK_EQUAL(caf::deep_to_string(copy), caf::deep_to_string(req));
  CAF_CHECK(copy.txs[0].kind == tx_kind::cancel_all_orders);
  CAF_CHECK_EQUAL(copy.txs[1].price.value, 9'500'123);
  CAF_CHECK_EQUAL(copy.txs[1].time_in_force, 2);
  send_batch res{4, 2, 9, {signed_tx{7, 14, "{\"Nonce\":7}", "ab01"}}, 0};
  auto res_copy = round_trip(res);
  CAF_CHECK_EQUAL(res_copy.txs.at(0).tx_info, "{\"Nonce\":7}");
  CAF_CHECK_EQUAL(res_copy.txs.at(0).nonce, 7);
}

CAF_TEST(a replace grid keeps its levels in order) {
  replace_grid g;
  g.market_index = 2;
  g.reset_seq = 412;
  g.centre = price_ticks{985'000};
  g.levels = {{side::bid, price_ticks{984'000}, qty_lots{10}},
              {side::ask, price_ticks{986'000}, qty_lots{12}}};
  g.why = "fill";
  g.trigger_ns = 123'456'789;
  auto copy = round_trip(g);
  CAF_CHECK_EQUAL(caf::deep_to_string(copy), caf::deep_to_string(g));
  CAF_CHECK(copy.levels[1].level_side == side::ask);
  CAF_CHECK_EQUAL(copy.trigger_ns, 123'456'789);
  // The side renders by name, not as a number.
  auto text = caf::deep_to_string(g.levels[1]);
  CAF_CHECK_NOT_EQUAL(text.find("\"ask\""), std::string::npos);
}

CAF_TEST(a fill keeps its remainder and receive time) {
  fill f;
  f.market_index = 1;
  f.client_order_index = 99;
  f.size = qty_lots{2};
  f.remaining = qty_lots{3};
  f.recv_ns = 987'654'321;
  auto copy = round_trip(f);
  CAF_CHECK_EQUAL(copy.remaining, qty_lots{3});
  CAF_CHECK_EQUAL(copy.recv_ns, 987'654'321);
  auto done = round_trip(reset_done{1, 412, 19, 1, 5});
  CAF_CHECK_EQUAL(done.reset_seq, 412u);
  CAF_CHECK_EQUAL(done.orders_placed, 19);
  CAF_CHECK_EQUAL(done.orders_failed, 1);
}

CAF_TEST(messages use the strategy side type) {
  static_assert(std::is_same_v<side, trailgrid::strategy::side>);
  fill f;
  f.order_side = side::ask;
  f.size = qty_lots{3};
  f.remaining = qty_lots{7};
  auto copy = round_trip(f);
  CAF_CHECK(copy.order_side == trailgrid::strategy::side::ask);
  CAF_CHECK_EQUAL(copy.remaining.value, 7);
}

CAF_TEST(grid and executor control messages survive serialization) {
  auto done = round_trip(reset_done{3, 412, 20, 1, 99});
  CAF_CHECK_EQUAL(done.reset_seq, 412u);
  CAF_CHECK_EQUAL(done.orders_failed, 1);
  auto cancel = round_trip(cancel_grid{3, "breaker", 5});
  CAF_CHECK_EQUAL(cancel.why, "breaker");
  auto halt = round_trip(halt_notice{3, true, "drawdown", 6});
  CAF_CHECK(halt.halted);
  CAF_CHECK_EQUAL(halt.why, "drawdown");
  auto bal = round_trip(
      balance_update{3, trailgrid::strategy::quote_units{-12'345}, 7});
  CAF_CHECK_EQUAL(bal.available.value, -12'345);
}

CAF_TEST(enums and errors render readable names) {
  CAF_CHECK_EQUAL(to_string(run_state::backing_off), "backing_off");
  CAF_CHECK_EQUAL(to_string(tx_kind::cancel_all_orders), "cancel_all_orders");
  CAF_CHECK_EQUAL(to_string(reject_class::post_only_cross), "post_only_cross");
  CAF_CHECK_EQUAL(to_string(tx_verdict::rejected_other), "rejected_other");
  CAF_CHECK_EQUAL(to_string(side::ask), "ask");
  auto err = make_error(error_code::signing_failed, "tx 2: bad price");
  CAF_CHECK_EQUAL(err.code(), static_cast<uint8_t>(error_code::signing_failed));
  CAF_CHECK(err.category() == caf::atom("trailgrid"));
}
