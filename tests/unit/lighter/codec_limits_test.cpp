#define CAF_SUITE codec_limits
#include "caf/test/unit_test.hpp"

#include "lighter/codec/exchange_limits.hpp"
#include "lighter/codec/rate_limiter.hpp"
#include "lighter/codec/tiers.hpp"

using namespace trailgrid::lighter;

CAF_TEST(batch limits depend on the channel) {
  CAF_CHECK_EQUAL(limits::max_txs_per_ws_frame, 15u);
  CAF_CHECK_EQUAL(limits::max_txs_per_rest_batch, 50u);
  CAF_CHECK_EQUAL(limits::max_batch_txs(limits::tx_channel::websocket), 15u);
  CAF_CHECK_EQUAL(limits::max_batch_txs(limits::tx_channel::rest), 50u);
}

CAF_TEST(api key indices 0 to 3 are reserved for the apps) {
  for (int64_t i = 0; i <= 3; ++i)
    CAF_CHECK(limits::is_reserved_api_key_index(i));
  CAF_CHECK(!limits::is_reserved_api_key_index(4));
  CAF_CHECK(!limits::is_reserved_api_key_index(254));
  CAF_CHECK_EQUAL(limits::first_bot_api_key_index, 4);
  CAF_CHECK_EQUAL(limits::skip_nonce_limit, (int64_t{1} << 47) - 1);
}

CAF_TEST(the tier table is indexed by tier and names round trip) {
  for (size_t i = 0; i < tiers.size(); ++i) {
    CAF_CHECK_EQUAL(static_cast<size_t>(tiers[i].tier), i);
    auto back = parse_tier(tiers[i].name);
    CAF_REQUIRE(back);
    CAF_CHECK(*back == tiers[i].tier);
    CAF_CHECK_EQUAL(to_string(tiers[i].tier), tiers[i].name);
  }
  CAF_CHECK(!parse_tier("gold"));
  CAF_CHECK(!parse_tier("Premium"));
}

CAF_TEST(tier figures follow the 2026 notes) {
  const auto& s = tier_info_of(account_tier::standard);
  CAF_CHECK_EQUAL(s.maker_fee_ppm, 0);
  CAF_CHECK_EQUAL(s.maker_latency_ms, 200);
  CAF_CHECK_EQUAL(s.taker_latency_ms, 300);
  CAF_CHECK_EQUAL(s.cancel_latency_ms, 200);
  CAF_CHECK_EQUAL(s.rest_per_minute, 60);
  CAF_CHECK(s.rest_unit == rest_budget_unit::requests);
  CAF_CHECK(s.send_tx_in_rest_budget);
  const auto& p = tier_info_of(account_tier::plus);
  CAF_CHECK_EQUAL(p.maker_fee_ppm, 50);
  CAF_CHECK_EQUAL(p.send_tx_per_minute, 8'000);
  CAF_CHECK_EQUAL(p.cancel_latency_ms, 200);
  const auto& pr = tier_info_of(account_tier::premium);
  CAF_CHECK_EQUAL(pr.maker_fee_ppm, 40);
  CAF_CHECK_EQUAL(pr.taker_fee_ppm, 280);
  CAF_CHECK_EQUAL(pr.maker_latency_ms, 0);
  CAF_CHECK_EQUAL(pr.cancel_latency_ms, 0);
  CAF_CHECK_EQUAL(pr.taker_latency_ms, 200);
  CAF_CHECK_EQUAL(pr.taker_latency_min_ms, 140);
  CAF_CHECK_EQUAL(pr.rest_per_minute, 24'000);
  CAF_CHECK(pr.rest_unit == rest_budget_unit::weighted);
  CAF_CHECK_EQUAL(pr.send_tx_per_minute, 4'000);
  CAF_CHECK_EQUAL(pr.send_tx_per_minute_max, 40'000);
  CAF_CHECK(pr.volume_quota);
  const auto& b = tier_info_of(account_tier::builder);
  CAF_CHECK_EQUAL(b.rest_per_minute, 240'000);
  CAF_CHECK(b.rest_reads_only);
  CAF_CHECK(!b.can_trade);
}

CAF_TEST(the volume quota counts creates cancel all and modifies) {
  CAF_CHECK(spends_volume_quota(id_of(tx_type::create_order)));
  CAF_CHECK(spends_volume_quota(id_of(tx_type::cancel_all_orders)));
  CAF_CHECK(spends_volume_quota(id_of(tx_type::modify_order)));
  CAF_CHECK(spends_volume_quota(id_of(tx_type::create_grouped_orders)));
  CAF_CHECK(!spends_volume_quota(id_of(tx_type::cancel_order)));
  CAF_CHECK_EQUAL(volume_quota.free_tx_every_ms, 15'000);
}

CAF_TEST(rest budgets come from the tier table) {
  CAF_CHECK_EQUAL(requests_per_minute(account_tier::standard), 60);
  CAF_CHECK_EQUAL(requests_per_minute(account_tier::premium), 24'000);
  CAF_CHECK_EQUAL(request_cost(account_tier::plus, "/api/v1/trades"), 1);
  CAF_CHECK_EQUAL(request_cost(account_tier::builder, "/api/v1/trades"), 600);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/tokens/create"), 23'000);
}
