#include "runtime/exchange_services.hpp"

#include "actors/market_status_actor.hpp"
#include "runtime/market_setup.hpp"

#include "actors/gateway_actor.hpp"
#include "actors/lighter_tx_signer.hpp"
#include "actors/paper_gateway.hpp"
#include "actors/signer_actor.hpp"
#include "lighter/client/rest_api.hpp"
#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <fstream>

namespace trailgrid::runtime {

namespace {

lighter::rest_config rest_config_of(const exchange_config& ex,
                                    std::shared_ptr<lighter::rest_gate> gate) {
  lighter::rest_config rc;
  rc.base_url = ex.rest_url;
  rc.tier = ex.tier;
  rc.account_index = ex.account_index.value_or(0);
  rc.gate = std::move(gate);
  return rc;
}

struct nonce_source_state {
  std::shared_ptr<lighter::rest_api> rest;
  static inline const char* name = "trailgrid.rest_nonce_source";
};

messages::nonce_source_actor::behavior_type rest_nonce_source(
    messages::nonce_source_actor::stateful_pointer<nonce_source_state> self,
    std::shared_ptr<lighter::rest_api> rest) {
  self->state.rest = std::move(rest);
  return {
      [=](messages::next_nonce_atom,
          uint8_t key) -> caf::result<messages::nonce_resync> {
        auto r = self->state.rest->next_nonce(key);
        if (!r)
          return messages::make_error(messages::error_code::exchange_error,
                                      "nextNonce: " + r.error().message);
        return messages::nonce_resync{key, r.value()};
      },
  };
}

} // namespace

std::shared_ptr<lighter::rest_gate>
make_rest_gate(lighter::net::io_runner& runner, const exchange_config& ex) {
  lighter::rest_gate_options o;
  o.tier = ex.tier;
  o.per_minute = ex.rest_quota_per_minute;
  return lighter::rest_gate::create(runner, o);
}

expected<std::shared_ptr<lighter::rest_api>, std::string>
make_rest(lighter::net::io_runner& runner, const exchange_config& ex,
          std::shared_ptr<lighter::rest_gate> gate) {
  auto r =
      lighter::rest_api::create(runner, rest_config_of(ex, std::move(gate)));
  if (!r) return "REST client for " + ex.rest_url + ": " + r.error().message;
  return std::shared_ptr<lighter::rest_api>{std::move(r).value()};
}

expected<std::vector<lighter::market_info>, std::string>
fetch_markets(lighter::net::io_runner& runner, const exchange_config& ex,
              std::shared_ptr<lighter::rest_gate> gate) {
  auto rest = make_rest(runner, ex, std::move(gate));
  if (!rest) return rest.error();
  auto r = rest.value()->order_book_details();
  if (!r)
    return "cannot read the markets from " + ex.rest_url + ": " +
           r.error().message;
  return r.value();
}

messages::nonce_source_actor
spawn_rest_nonce_source(caf::actor_system& sys,
                        std::shared_ptr<lighter::rest_api> rest) {
  return sys.spawn<caf::detached>(rest_nonce_source, std::move(rest));
}

caf::actor spawn_market_status(caf::actor_system& sys,
                               lighter::net::io_runner& runner,
                               const exchange_config& ex,
                               const std::vector<market_setup>& markets,
                               const messages::node_root_actor& root,
                               int64_t every_s,
                               std::shared_ptr<lighter::rest_gate> gate) {
  actors::market_status_config cfg;
  cfg.runner = &runner;
  auto rc = rest_config_of(ex, nullptr);
  cfg.rest_url = rc.base_url;
  cfg.tls = rc.tls;
  cfg.tier = ex.tier;
  cfg.rest_gate = std::move(gate);
  for (auto& m : markets)
    cfg.markets.push_back(m.info.market_id);
  cfg.root = root;
  cfg.every = std::chrono::seconds{every_s};
  return caf::actor_cast<caf::actor>(
      sys.spawn(actors::market_status_impl, std::move(cfg)));
}

std::optional<execution::quota_rules> send_quota_of(const exchange_config& ex) {
  if (!ex.signer_paces_sends()) return std::nullopt;
  auto rules = execution::rules_for(ex.tier);
  if (ex.send_quota_per_minute) {
    rules.capacity = *ex.send_quota_per_minute;
    rules.refill_per_minute = *ex.send_quota_per_minute;
  }
  return execution::with_arrival_reserve(rules);
}

expected<messages::signer_actor, std::string>
spawn_node_signer(caf::actor_system& sys, const exchange_config& ex,
                  const secret& key, messages::nonce_source_actor source,
                  std::shared_ptr<const actors::signer_peer_counters> peers) {
  std::map<int, secret> one;
  one.emplace(ex.api_key_index.value_or(0), secret{std::string{key.reveal()}});
  auto s = spawn_node_signer(sys, ex, one, std::move(source), std::move(peers));
  if (!s) return std::string{"LIGHTER_PRIVATE_KEY is not a valid key"};
  return s;
}

expected<messages::signer_actor, std::string>
spawn_node_signer(caf::actor_system& sys, const exchange_config& ex,
                  const std::map<int, secret>& keys,
                  messages::nonce_source_actor source,
                  std::shared_ptr<const actors::signer_peer_counters> peers) {
  actors::signer_config cfg;
  // Enough committed nonces for about two seconds of full resets at 100
  // markets; refilled in idle time from a quarter down.
  cfg.nonces = std::make_shared<actors::nonce_refiller>(
      std::make_shared<lighter::crypto::nonce_reserve>(1024), 256);
  for (const auto& [index, key] : keys) {
    actors::lighter_account acct;
    acct.account_index = ex.account_index.value_or(0);
    acct.api_key_index = static_cast<uint8_t>(index);
    acct.chain_id = ex.chain_id;
    auto s =
        actors::lighter_tx_signer::from_private_key_hex(key.reveal(), acct);
    if (!s)
      return "the private key of API key " + std::to_string(index) +
             " is not a valid key";
    spdlog::info("signer: API key {} of account {} (public key {})",
                 acct.api_key_index, acct.account_index, (*s)->public_key());
    (*s)->draw_nonces_from(cfg.nonces->reserve());
    cfg.keys.push_back({acct.api_key_index, *s});
  }
  cfg.nonce_source = std::move(source);
  cfg.quota = send_quota_of(ex);
  // Where the quota counts requests, one batch of cancels for many markets
  // (a halt, a shutdown) costs what one market's would; never larger than
  // the channel's batch, so merging never moves a batch to another channel.
  if (cfg.quota && cfg.quota->unit == execution::quota_unit::request)
    cfg.merge_cancels_up_to =
        static_cast<int32_t>(lighter::limits::max_batch_txs(ex.resets_over()));
  cfg.peers = std::move(peers);
  return actors::spawn_signer(sys, std::move(cfg));
}

messages::gateway_actor spawn_live_gateway(
    caf::actor_system& sys, lighter::net::io_runner& runner,
    const exchange_config& ex, const std::vector<lighter::market_info>& markets,
    messages::signer_actor signer, std::shared_ptr<lighter::rest_gate> gate,
    std::string read_only_token) {
  actors::gateway_config cfg;
  cfg.read_only_token = std::move(read_only_token);
  cfg.runner = &runner;
  cfg.rest_gate = std::move(gate);
  cfg.rest_url = ex.rest_url;
  cfg.ws_url = ex.ws_url;
  cfg.tier = ex.tier;
  cfg.account_index = ex.account_index.value_or(0);
  cfg.api_key_index = static_cast<uint8_t>(ex.api_key_index.value_or(0));
  cfg.signer = std::move(signer);
  cfg.markets = markets;
  cfg.stream_hold_after = ex.stream_hold_after;
  cfg.stream_check_every = ex.stream_check_every;
  return actors::spawn_gateway(sys, std::move(cfg));
}

messages::gateway_actor
spawn_paper_gateway(caf::actor_system& sys, lighter::net::io_runner& runner,
                    const exchange_config& ex,
                    const std::vector<lighter::market_info>& markets) {
  actors::paper_gateway_config cfg;
  cfg.runner = &runner;
  cfg.ws_url = ex.ws_url;
  cfg.markets = markets;
  return messages::gateway_actor{
      sys.spawn(actors::paper_gateway_impl, std::move(cfg))};
}

std::string random_private_key_hex() {
  unsigned char bytes[40] = {};
  std::ifstream in("/dev/urandom", std::ios::binary);
  in.read(reinterpret_cast<char*>(bytes), sizeof(bytes));
  // Little-endian: a zero top byte keeps the value below the group order.
  bytes[39] = 0;
  if (bytes[0] == 0) bytes[0] = 1; // never the zero key
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

} // namespace trailgrid::runtime
