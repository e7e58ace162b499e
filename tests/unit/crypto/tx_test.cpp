#define CAF_SUITE tx
#include "caf/test/unit_test.hpp"

#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/nonce_reserve.hpp"
#include "lighter/crypto/poseidon2.hpp"
#include "lighter/tx/auth_token.hpp"
#include "lighter/tx/signer.hpp"
#include "lighter/tx/tx_hash.hpp"
#include "lighter/tx/tx_json.hpp"
#include "lighter/tx/tx_validate.hpp"
#include "lighter/tx/verify_tx.hpp"

#include "vectors.hpp"

using namespace trailgrid;
using namespace trailgrid::lighter;
using namespace trailgrid::lighter::crypto;

namespace {

const nlohmann::json& transactions() {
  return test::vectors().at("transactions");
}

// The private key of a record: from the key table, or, for keys whose
// private part is not published (key_b), recovered from the fixed-nonce
// signature: s = k - e sk  =>  sk = (k - s) / e. The recovered key is then
// checked against the record's public key before use.
scalar key_of_record(const nlohmann::json& rec) {
  for (const auto& k : test::vectors().at("keys"))
    if (k.at("name") == rec.at("key"))
      return *parse_private_key(k.at("private_key_hex").get<std::string>());
  auto sig = test::unhex(rec.at("deterministic_signature_hex"));
  scalar s = scalar::from_bytes_reduce(sig.data());
  scalar e = scalar::from_bytes_reduce(sig.data() + 40);
  scalar k = test::scalar_hex(rec.at("nonce_k_le_hex"));
  return (k - s) * inverse(e);
}

any_tx parse_record_tx(const nlohmann::json& rec) {
  tx_type t;
  CAF_REQUIRE(to_tx_type(rec.at("tx_type").get<int64_t>(), t));
  auto p = parse_tx_info(t, rec.at("tx_info_deterministic").get<std::string>(),
                         sig_policy::required);
  CAF_REQUIRE(p.ok());
  return p->tx;
}

// A post-only limit create with fixed fields, for the signer tests.
create_order_tx sample_create_order(uint8_t api_key_index) {
  create_order_tx o;
  o.account_index = 42;
  o.api_key_index = api_key_index;
  o.market_index = 1;
  o.client_order_index = 5;
  o.base_amount = 100;
  o.price = 9500000;
  o.time_in_force = 2;
  o.order_expiry = 1738108800000;
  o.expired_at = 1735689600000;
  o.nonce = 1;
  return o;
}

} // namespace

CAF_TEST(every vector transaction reproduces elements and hashes) {
  CAF_REQUIRE(!transactions().empty());
  for (const auto& rec : transactions()) {
    CAF_MESSAGE("tx: " << rec.at("name").get<std::string>());
    any_tx tx = parse_record_tx(rec);
    CAF_CHECK(!validate(tx).has_value());
    uint32_t chain = rec.at("chain_id").get<uint32_t>();
    auto el = tx_elements(tx, chain);
    const auto& expect_el = rec.at("field_elements");
    CAF_REQUIRE_EQUAL(el.size(), expect_el.size());
    for (size_t i = 0; i < el.size(); ++i)
      CAF_CHECK_EQUAL(el[i], test::dec(expect_el[i]));
    CAF_CHECK(tx_base_hash(tx, chain) == test::fp5_of(rec.at("base_hash_fp5")));
    CAF_CHECK_EQUAL(fp5_to_hex(tx_signed_hash(tx, chain)),
                    rec.at("signed_hash_hex").get<std::string>());
  }
}

CAF_TEST(every vector transaction is signed byte for byte) {
  for (const auto& rec : transactions()) {
    CAF_MESSAGE("tx: " << rec.at("name").get<std::string>());
    scalar sk = key_of_record(rec);
    signer s(sk);
    CAF_REQUIRE_EQUAL(s.public_key(),
                      rec.at("public_key_hex").get<std::string>());
    any_tx tx = parse_record_tx(rec);
    uint32_t chain = rec.at("chain_id").get<uint32_t>();
    scalar k = test::scalar_hex(rec.at("nonce_k_le_hex"));
    auto signed_ = s.sign_tx_with_nonce(tx, chain, k);
    CAF_REQUIRE(signed_.ok());
    CAF_CHECK_EQUAL(signed_->tx_hash_hex,
                    rec.at("signed_hash_hex").get<std::string>());
    CAF_CHECK_EQUAL(signed_->tx_info_json,
                    rec.at("tx_info_deterministic").get<std::string>());
    auto sig = schnorr_sign_with_nonce(sk, tx_signed_hash(tx, chain), k);
    auto sb = sig.to_bytes();
    CAF_CHECK_EQUAL(to_hex(sb.data(), sb.size()),
                    rec.at("deterministic_signature_hex").get<std::string>());
  }
}

CAF_TEST(every vector tx info verifies and round trips) {
  for (const auto& rec : transactions()) {
    tx_type t;
    CAF_REQUIRE(to_tx_type(rec.at("tx_type").get<int64_t>(), t));
    uint32_t chain = rec.at("chain_id").get<uint32_t>();
    auto pk = rec.at("public_key_hex").get<std::string>();
    for (const char* key : {"tx_info_deterministic", "tx_info_random_nonce"}) {
      auto json = rec.at(key).get<std::string>();
      auto v = verify_tx_info(t, json, chain, pk);
      CAF_CHECK(v.ok());
      if (v)
        CAF_CHECK_EQUAL(v->tx_hash_hex,
                        rec.at("signed_hash_hex").get<std::string>());
      auto p = parse_tx_info(t, json, sig_policy::required);
      CAF_REQUIRE(p.ok());
      CAF_CHECK_EQUAL(tx_info_json(p->tx, *p->sig), json);
      // A wrong chain id changes the hash, so the signature fails.
      CAF_CHECK(!verify_tx_info(t, json, chain + 1, pk).ok());
    }
    auto sig = test::unhex(rec.at("random_nonce_signature_hex"));
    auto pkb = test::unhex(pk);
    auto m = test::unhex(rec.at("signed_hash_hex"));
    CAF_CHECK(schnorr_verify(pkb.data(), m.data(), sig.data()));
  }
}

CAF_TEST(the vector auth token is reproduced) {
  const auto& cases = test::vectors().at("auth_tokens");
  CAF_REQUIRE(!cases.empty());
  for (const auto& a : cases) {
    auto msg = auth_token_message(a.at("account_index").get<int64_t>(),
                                  a.at("api_key_index").get<uint8_t>(),
                                  a.at("deadline_unix_s").get<int64_t>());
    CAF_CHECK_EQUAL(msg, a.at("message").get<std::string>());
    auto el = bytes_to_elements(msg);
    const auto& expect_el = a.at("message_field_elements");
    CAF_REQUIRE_EQUAL(el.size(), expect_el.size());
    for (size_t i = 0; i < el.size(); ++i)
      CAF_CHECK_EQUAL(el[i], test::dec(expect_el[i]));
    CAF_CHECK_EQUAL(fp5_to_hex(auth_token_hash(msg)),
                    a.at("message_hash_hex").get<std::string>());
    nlohmann::json rec = {{"key", a.at("key")}};
    scalar sk = *parse_private_key(test::vectors()
                                       .at("keys")
                                       .at(0)
                                       .at("private_key_hex")
                                       .get<std::string>());
    CAF_REQUIRE_EQUAL(a.at("key").get<std::string>(), "key_a");
    signer s(sk);
    CAF_CHECK_EQUAL(s.public_key(), a.at("public_key_hex").get<std::string>());
    auto tok =
        s.auth_token_with_nonce(a.at("account_index").get<int64_t>(),
                                a.at("api_key_index").get<uint8_t>(),
                                a.at("deadline_unix_s").get<int64_t>(),
                                test::scalar_hex(a.at("nonce_k_le_hex")));
    CAF_REQUIRE(tok.ok());
    CAF_CHECK_EQUAL(*tok, a.at("token_deterministic").get<std::string>());
    // The random-nonce token verifies under the public key.
    for (const char* key : {"token_deterministic", "token_random_nonce"}) {
      auto t = a.at(key).get<std::string>();
      auto sig = test::unhex(t.substr(t.rfind(':') + 1));
      CAF_REQUIRE_EQUAL(sig.size(), 80u);
      auto pk = test::unhex(a.at("public_key_hex"));
      auto m = test::unhex(a.at("message_hash_hex"));
      CAF_CHECK(schnorr_verify(pk.data(), m.data(), sig.data()));
    }
    auto own = s.auth_token(a.at("account_index").get<int64_t>(),
                            a.at("api_key_index").get<uint8_t>(),
                            a.at("deadline_unix_s").get<int64_t>());
    CAF_REQUIRE(own.ok());
    CAF_CHECK_EQUAL(own->size(), msg.size() + 1 + 160);
  }
}

CAF_TEST(signer output verifies with the deterministic nonce) {
  signer s(scalar::from_u64(123456789));
  auto o = sample_create_order(3);
  auto a = s.sign_tx(o, 300);
  auto b = s.sign_tx(o, 300);
  CAF_REQUIRE(a.ok() && b.ok());
  CAF_CHECK_EQUAL(a->tx_info_json, b->tx_info_json); // deterministic
  auto v = verify_tx_info(tx_type::create_order, a->tx_info_json, 300,
                          s.public_key());
  CAF_CHECK(v.ok());
  // A different key does not verify it.
  signer other(scalar::from_u64(987654321));
  CAF_CHECK(!verify_tx_info(tx_type::create_order, a->tx_info_json, 300,
                            other.public_key())
                 .ok());
}

CAF_TEST(signer with a reserve signs verifiably and falls back when empty) {
  signer s(scalar::from_u64(123456789));
  auto o = sample_create_order(4);
  auto deterministic = s.sign_tx(o, 300);
  CAF_REQUIRE(deterministic.ok());
  auto reserve = std::make_shared<nonce_reserve>(2);
  CAF_REQUIRE_EQUAL(reserve->add_fresh(2), 2u);
  s.draw_nonces_from(reserve);
  auto a = s.sign_tx(o, 300);
  auto b = s.sign_tx(o, 300);
  CAF_REQUIRE(a.ok() && b.ok());
  CAF_CHECK_EQUAL(reserve->taken(), 2u);
  // Random nonces: the same tx gets two different valid signatures.
  CAF_CHECK_NOT_EQUAL(a->tx_info_json, b->tx_info_json);
  CAF_CHECK_NOT_EQUAL(a->tx_info_json, deterministic->tx_info_json);
  CAF_CHECK_EQUAL(a->tx_hash_hex, deterministic->tx_hash_hex);
  for (auto* t : {&*a, &*b})
    CAF_CHECK(verify_tx_info(tx_type::create_order, t->tx_info_json, 300,
                             s.public_key())
                  .ok());
  // Empty now: the deterministic nonce again.
  auto c = s.sign_tx(o, 300);
  CAF_REQUIRE(c.ok());
  CAF_CHECK_EQUAL(c->tx_info_json, deterministic->tx_info_json);
  CAF_CHECK_EQUAL(reserve->misses(), 1u);
}

CAF_TEST(attributes change the signed hash and serialise sorted) {
  cancel_all_orders_tx c;
  c.account_index = 12345;
  c.api_key_index = 3;
  c.expired_at = 1735689600000;
  c.nonce = 12;
  any_tx plain = c;
  c.attributes[attribute::cancel_all_market_index] = 1;
  any_tx with = c;
  CAF_CHECK(tx_base_hash(plain, 304) == tx_base_hash(with, 304));
  CAF_CHECK(tx_signed_hash(plain, 304) != tx_signed_hash(with, 304));
  // Documented construction: HashToFp5(base || HashToFp5(5, 1, 0 x 6)).
  uint64_t attr_el[8] = {5, 1, 0, 0, 0, 0, 0, 0};
  fp5 expect = hash_to_fp5(tx_base_hash(plain, 304), hash_to_fp5(attr_el, 8));
  CAF_CHECK(tx_signed_hash(with, 304) == expect);
  // A nil-valued attribute (255 = all markets) is ignored by the hash but
  // kept in the JSON.
  c.attributes[attribute::cancel_all_market_index] = 255;
  any_tx nil_attr = c;
  CAF_CHECK(tx_signed_hash(nil_attr, 304) == tx_signed_hash(plain, 304));
  signature_bytes sig{};
  auto json = tx_info_json(nil_attr, sig);
  CAF_CHECK(json.find("\"L2TxAttributes\":{\"5\":255}}") != std::string::npos);
  create_order_tx o;
  o.attributes[7] = 1;
  o.attributes[6] = 2;
  json = tx_info_json(o, sig);
  CAF_CHECK(json.find("\"L2TxAttributes\":{\"6\":2,\"7\":1}}") !=
            std::string::npos);
  auto back = parse_tx_info(tx_type::create_order, json);
  CAF_REQUIRE(back.ok());
  CAF_CHECK(attributes_of(back->tx) == o.attributes);
  // Pairs are sorted by type whatever the insertion order.
  uint64_t el2[8] = {6, 2, 7, 1, 0, 0, 0, 0};
  CAF_CHECK(attributes_hash(o.attributes) == hash_to_fp5(el2, 8));
}

namespace {

// A GTT limit order that breaks no rule.
create_order_tx valid_gtt_order() {
  create_order_tx o;
  o.account_index = 1;
  o.api_key_index = 3;
  o.base_amount = 10;
  o.price = 100;
  o.time_in_force = 1;
  o.order_expiry = 1;
  return o;
}

} // namespace

CAF_TEST(validation names the field and the allowed range) {
  const create_order_tx o = valid_gtt_order();
  CAF_CHECK(!validate(o).has_value());
  auto expect_err = [](any_tx tx, const std::string& needle) {
    auto e = validate(tx);
    CAF_REQUIRE(e.has_value());
    CAF_CHECK(e->find(needle) != std::string::npos);
    if (e->find(needle) == std::string::npos) CAF_MESSAGE("error was: " << *e);
  };
  auto t = o;
  t.account_index = int64_t{1} << 48;
  expect_err(t, "AccountIndex 281474976710656 is out of range (allowed "
                "-1..281474976710654)");
  t = o;
  t.api_key_index = 255;
  expect_err(t, "ApiKeyIndex 255");
  t = o;
  t.market_index = 300;
  expect_err(t, "MarketIndex 300");
  t = o;
  t.base_amount = 0;
  expect_err(t, "BaseAmount 0");
  t = o;
  t.base_amount = int64_t{1} << 48;
  expect_err(t, "BaseAmount");
  t = o;
  t.price = 0;
  expect_err(t, "Price 0");
  t = o;
  t.client_order_index = -5;
  expect_err(t, "ClientOrderIndex -5");
  t = o;
  t.time_in_force = 0; // IOC with an expiry
  expect_err(t, "OrderExpiry must be 0");
  t = o;
  t.order_expiry = 0; // GTT without expiry
  expect_err(t, "OrderExpiry must be non-zero");
  t = o;
  t.nonce = -1;
  expect_err(t, "Nonce -1");
  t = o;
  t.expired_at = int64_t{1} << 48;
  expect_err(t, "ExpiredAt");
  t = o;
  t.type = 9;
  expect_err(t, "Type 9");
  t = o;
  t.market_index = 2048;
  t.reduce_only = 1;
  expect_err(t, "spot");
  t = o;
  t.attributes = {{1, 0}, {2, 0}, {3, 0}, {6, 0}, {7, 0}};
  expect_err(t, "at most 4");
  t = o;
  t.attributes = {{2, 5}};
  expect_err(t, "require attribute 1");
  t = o;
  t.attributes = {{9, 1}};
  expect_err(t, "type 9 is unknown");
  t = o;
  t.attributes = {{6, 3}, {7, 1}};
  expect_err(t, "reduce");
  t = o;
  t.attributes = {{4, 0}};
  expect_err(t, "skip nonce");
  cancel_order_tx c;
  c.index = 0;
  expect_err(c, "Index 0");
  c.index = int64_t{1} << 60;
  expect_err(c, "Index 1152921504606846976");
  cancel_all_orders_tx ca;
  ca.time_in_force = 1;
  expect_err(ca, "Time 0");
  ca.time = 1735693200000;
  CAF_CHECK(!validate(ca).has_value());
  ca.attributes = {{5, 1}};
  expect_err(ca, "only allowed with TimeInForce 0");
  ca.time_in_force = 0;
  ca.time = 5;
  ca.attributes.clear();
  expect_err(ca, "Time 5");
  ca.time_in_force = 3;
  ca.time = 0;
  expect_err(ca, "TimeInForce 3");
  modify_order_tx m;
  m.index = 7;
  m.price = 0;
  expect_err(m, "Price 0");
}

CAF_TEST(a violation names the field it is about) {
  const create_order_tx o = valid_gtt_order();
  CAF_CHECK(!find_violation(o));
  auto field_of = [](const any_tx& tx) {
    auto v = find_violation(tx);
    CAF_REQUIRE(v);
    // The message is validate()'s, word for word.
    CAF_CHECK_EQUAL(v->message, validate(tx).value_or(""));
    return v->field;
  };
  // One broken field per case: what it breaks and the field reported.
  struct breakage {
    void (*apply)(create_order_tx&);
    tx_field field;
  };
  const breakage cases[] = {
      {[](create_order_tx& t) { t.price = 0; }, tx_field::price},
      {[](create_order_tx& t) { t.base_amount = 0; }, tx_field::base_amount},
      {[](create_order_tx& t) { t.api_key_index = 255; },
       tx_field::api_key_index},
      {[](create_order_tx& t) { t.time_in_force = 3; },
       tx_field::time_in_force},
      {[](create_order_tx& t) { t.order_expiry = 0; }, tx_field::order_expiry},
      {[](create_order_tx& t) { t.client_order_index = int64_t{1} << 48; },
       tx_field::client_order_index},
      // A market order with GTT: the rule is about the time in force.
      {[](create_order_tx& t) { t.type = 1; }, tx_field::time_in_force},
      {[](create_order_tx& t) { t.type = 7; }, tx_field::type},
      {[](create_order_tx& t) { t.trigger_price = 5; },
       tx_field::trigger_price},
      {[](create_order_tx& t) {
         t.market_index = 2048;
         t.type = 2;
       },
       tx_field::type},
      {[](create_order_tx& t) {
         t.attributes = {{9, 1}};
       },
       tx_field::attributes},
      {[](create_order_tx& t) { t.expired_at = -1; }, tx_field::expired_at},
  };
  for (const auto& c : cases) {
    auto t = o;
    c.apply(t);
    CAF_CHECK(field_of(t) == c.field);
  }
  cancel_all_orders_tx ca;
  ca.time_in_force = 1;
  ca.time = 5;
  ca.attributes = {{attribute::cancel_all_market_index, 1}};
  CAF_CHECK(field_of(ca) == tx_field::time_in_force);
  ca.attributes = {{attribute::cancel_all_market_index, 255}};
  CAF_CHECK(!find_violation(ca));
  ca.time = 0;
  CAF_CHECK(field_of(ca) == tx_field::time);
  cancel_order_tx c;
  CAF_CHECK(field_of(c) == tx_field::index);
}

CAF_TEST(tx info parsing rejects unknown missing and ill typed keys) {
  const std::string good =
      R"({"AccountIndex":1,"ApiKeyIndex":2,"MarketIndex":0,"Index":5,)"
      R"("ExpiredAt":10,"Nonce":3})";
  CAF_CHECK(parse_tx_info(tx_type::cancel_order, good).ok());
  CAF_CHECK(
      !parse_tx_info(tx_type::cancel_order, good, sig_policy::required).ok());
  auto err = [](const std::string& json) {
    auto r = parse_tx_info(tx_type::cancel_order, json);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  CAF_CHECK_EQUAL(err(R"({"AccountIndex":1})"), "missing key ApiKeyIndex");
  CAF_CHECK_EQUAL(err(good.substr(0, good.size() - 1) + R"(,"Foo":1})"),
                  "unknown key Foo");
  CAF_CHECK(err(R"({"AccountIndex":1,"ApiKeyIndex":256,"MarketIndex":0,)"
                R"("Index":5,"ExpiredAt":10,"Nonce":3})")
                .find("key ApiKeyIndex") != std::string::npos);
  CAF_CHECK(err(R"({"AccountIndex":1.5,"ApiKeyIndex":2,"MarketIndex":0,)"
                R"("Index":5,"ExpiredAt":10,"Nonce":3})")
                .find("key AccountIndex") != std::string::npos);
  CAF_CHECK(err(R"({"AccountIndex":"1","ApiKeyIndex":2,"MarketIndex":0,)"
                R"("Index":5,"ExpiredAt":10,"Nonce":3})")
                .find("key AccountIndex") != std::string::npos);
  CAF_CHECK_EQUAL(err("[1,2]"), "expected a JSON object, got array");
  CAF_CHECK_EQUAL(err("{"), "invalid JSON");
  CAF_CHECK(err(good.substr(0, good.size() - 1) + R"(,"Sig":"abc"})")
                .find("key Sig") != std::string::npos);
  CAF_CHECK(
      err(good.substr(0, good.size() - 1) + R"(,"L2TxAttributes":{"x":1}})")
          .find("L2TxAttributes") != std::string::npos);
  CAF_CHECK_EQUAL(
      err(good.substr(0, good.size() - 1) + R"(,"L2TxAttributes":null})"),
      "ok");
}

CAF_TEST(signer rejects invalid transactions before signing) {
  signer s(scalar::from_u64(77));
  cancel_order_tx c; // Index 0 is invalid
  auto r = s.sign_tx(c, 304);
  CAF_REQUIRE(!r.ok());
  CAF_CHECK(r.error().message.find("Index 0") != std::string::npos);
  auto bad_key = signer::from_private_key_hex("xyz");
  CAF_CHECK(!bad_key.ok());
  CAF_CHECK(!s.auth_token(1, 2, -5).ok());
}
