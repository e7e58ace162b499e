#define CAF_SUITE lighter_tx_signer
#include "caf/test/dsl.hpp"

#include "actors/lighter_tx_signer.hpp"
#include "actors/signer_actor.hpp"
#include "lighter/tx/verify_tx.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <memory>
#include <string>
#include <variant>

using namespace trailgrid;
using namespace trailgrid::actors;
using messages::tx_intent;
using strategy::price_ticks;
using strategy::qty_lots;

namespace {

// A test key (the public key table of tests/data/vectors); never a real one.
constexpr const char* test_key =
    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223"
    "242526271f";

constexpr lighter_account account{281474976710000, 3, 304};

std::shared_ptr<lighter_tx_signer> make_signer() {
  auto s = lighter_tx_signer::from_private_key_hex(test_key, account);
  CAF_REQUIRE(s.ok());
  return *s;
}

signed_payload sign_ok(lighter_tx_signer& s, const tx_intent& x, int64_t n) {
  auto out = s.sign(x, n);
  auto* ok = std::get_if<signed_payload>(&out);
  CAF_REQUIRE(ok != nullptr);
  return *ok;
}

std::string failure_of(lighter_tx_signer& s, const tx_intent& x) {
  auto out = s.sign(x, 1);
  auto* bad = std::get_if<sign_failure>(&out);
  return bad ? bad->reason : std::string{};
}

tx_intent create() {
  return messages::make_create_order(1, 12345, true, price_ticks{9'850'000},
                                     qty_lots{1'500}, 1'750'000'000'000,
                                     1'749'000'300'000);
}

struct test_config : caf::actor_system_config {
  test_config() { messages::register_types(*this); }
};

} // namespace

CAF_TEST(a create is signed and verifies under the public key) {
  auto s = make_signer();
  auto p = sign_ok(*s, create(), 77);
  auto v = lighter::verify_tx_info(lighter::tx_type::create_order, p.tx_info,
                                   account.chain_id, s->public_key());
  CAF_REQUIRE(v.ok());
  CAF_CHECK_EQUAL(v->tx_hash_hex, p.tx_hash);
  CAF_CHECK_EQUAL(p.tx_hash.size(), 80u);
  auto& tx = std::get<lighter::create_order_tx>(v->tx);
  CAF_CHECK_EQUAL(tx.account_index, account.account_index);
  CAF_CHECK_EQUAL(tx.api_key_index, 3);
  CAF_CHECK_EQUAL(tx.market_index, 1);
  CAF_CHECK_EQUAL(tx.client_order_index, 12345);
  CAF_CHECK_EQUAL(tx.base_amount, 1'500);
  CAF_CHECK_EQUAL(tx.price, 9'850'000u);
  CAF_CHECK_EQUAL(tx.is_ask, 1);
  CAF_CHECK_EQUAL(tx.type, 0);
  CAF_CHECK_EQUAL(tx.time_in_force, 2);
  CAF_CHECK_EQUAL(tx.order_expiry, 1'750'000'000'000);
  CAF_CHECK_EQUAL(tx.expired_at, 1'749'000'300'000);
  CAF_CHECK_EQUAL(tx.nonce, 77);
  // Another chain hashes differently, so the signature does not hold there.
  CAF_CHECK(!lighter::verify_tx_info(lighter::tx_type::create_order, p.tx_info,
                                     300, s->public_key())
                 .ok());
}

CAF_TEST(a cancel and a market scoped cancel all verify) {
  auto s = make_signer();
  auto c =
      sign_ok(*s, messages::make_cancel_order(1, 12345, 1'749'000'300'000), 78);
  auto vc = lighter::verify_tx_info(lighter::tx_type::cancel_order, c.tx_info,
                                    account.chain_id, s->public_key());
  CAF_REQUIRE(vc.ok());
  CAF_CHECK_EQUAL(std::get<lighter::cancel_order_tx>(vc->tx).index, 12345);
  auto a = sign_ok(*s, messages::make_cancel_all(1, 1'749'000'300'000), 79);
  auto va =
      lighter::verify_tx_info(lighter::tx_type::cancel_all_orders, a.tx_info,
                              account.chain_id, s->public_key());
  CAF_REQUIRE(va.ok());
  auto& all = std::get<lighter::cancel_all_orders_tx>(va->tx);
  CAF_CHECK_EQUAL(
      all.attributes.at(lighter::attribute::cancel_all_market_index), 1);
  // Market 255 means all markets: no attribute at all.
  auto every =
      sign_ok(*s, messages::make_cancel_all(255, 1'749'000'300'000), 80);
  CAF_CHECK_EQUAL(every.tx_info.find("L2TxAttributes\":{\"5\""),
                  std::string::npos);
}

CAF_TEST(out of range fields fail with a reason and never show the key) {
  auto s = make_signer();
  auto big_price = create();
  big_price.price = price_ticks{int64_t{1} << 32};
  auto why = failure_of(*s, big_price);
  CAF_CHECK_NOT_EQUAL(why.find("Price"), std::string::npos);
  auto big_coi = create();
  big_coi.client_order_index = int64_t{1} << 48;
  auto why_coi = failure_of(*s, big_coi);
  CAF_CHECK(!why_coi.empty());
  auto no_expiry = create();
  no_expiry.order_expiry_ms = 0; // post-only needs an expiry
  CAF_CHECK(!failure_of(*s, no_expiry).empty());
  for (auto& text : {why, why_coi})
    CAF_CHECK_EQUAL(text.find("0102030405"), std::string::npos);
  auto bad = lighter_tx_signer::from_private_key_hex("0xzz", account);
  CAF_REQUIRE(!bad.ok());
  CAF_CHECK_EQUAL(bad.error().message.find("zz"), std::string::npos);
}

CAF_TEST_FIXTURE_SCOPE(lighter_signer_actor_tests,
                       test_coordinator_fixture<test_config>)

CAF_TEST(the signer actor signs batches with the real key) {
  auto key = make_signer();
  signer_config cfg;
  cfg.keys = {{account.api_key_index, key}};
  auto signer = spawn_signer(sys, std::move(cfg));
  self->send(signer, messages::nonce_resync{account.api_key_index, 500});
  // A gateway that keeps what the signer hands it.
  auto sent = std::make_shared<messages::send_batch>();
  auto gateway = caf::actor_cast<messages::gateway_actor>(
      // `sent` goes in as a spawn argument: CAF 0.17 binds a reference to a
      // null argument tuple when a functor is spawned without one (UBSan).
      sys.spawn(
          [](caf::event_based_actor* g,
             std::shared_ptr<messages::send_batch> kept) -> caf::behavior {
            g->set_default_handler(caf::drop);
            return {[kept](messages::send_batch& b) {
              *kept = b;
              messages::batch_reply rep;
              rep.batch_id = b.batch_id;
              rep.verdict = messages::exchange_verdict::accepted;
              return rep;
            }};
          },
          sent));
  messages::sign_and_send req;
  req.request.api_key_index = account.api_key_index;
  req.request.market_index = 1;
  req.request.txs = {messages::make_cancel_order(1, 12345, 1'749'000'300'000),
                     create()};
  req.gateway = gateway;
  self->send(signer, req);
  sched.run();
  self->receive([](messages::batch_reply&) {});
  auto& r = *sent;
  CAF_REQUIRE_EQUAL(r.txs.size(), 2u);
  CAF_CHECK_EQUAL(r.txs[0].nonce, 500);
  CAF_CHECK_EQUAL(r.txs[1].nonce, 501);
  CAF_CHECK_EQUAL(r.txs[0].tx_type, 15);
  CAF_CHECK(lighter::verify_tx_info(lighter::tx_type::cancel_order,
                                    r.txs[0].tx_info, account.chain_id,
                                    key->public_key())
                .ok());
  auto v =
      lighter::verify_tx_info(lighter::tx_type::create_order, r.txs[1].tx_info,
                              account.chain_id, key->public_key());
  CAF_REQUIRE(v.ok());
  CAF_CHECK_EQUAL(std::get<lighter::create_order_tx>(v->tx).nonce, 501);
  CAF_CHECK_EQUAL(v->tx_hash_hex, r.txs[1].tx_hash);
}

CAF_TEST_FIXTURE_SCOPE_END()
