#pragma once

// What a node needs of the exchange, set up in one place: the account's REST
// budget and clients, the market list, the signer with the node's API keys,
// the live or paper gateway and the market status poller. (The admin side
// of a node, its signer publication and link, is runtime/admin/
// node_services.hpp.)

#include "lighter/client/fwd.hpp"
#include "runtime/config.hpp"
#include "runtime/expected.hpp"
#include "runtime/market_setup.hpp"
#include "runtime/secret.hpp"

#include "actors/signer_actor.hpp"
#include "execution/quota_rules.hpp"
#include "lighter/codec/market.hpp"
#include "messages/interfaces.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// The account's one REST budget (the tier's, or rest_quota_per_minute),
/// shared by every REST client of the process: they wait their turn in
/// one queue instead of each spending a budget of its own.
std::shared_ptr<lighter::rest_gate>
make_rest_gate(lighter::net::io_runner& runner, const exchange_config& ex);

/// The exchange's markets (REST orderBookDetails), blocking; an error text
/// naming the URL when the exchange cannot be read.
expected<std::vector<lighter::market_info>, std::string>
fetch_markets(lighter::net::io_runner& runner, const exchange_config& ex,
              std::shared_ptr<lighter::rest_gate> gate = nullptr);

/// A REST client for account-scoped reads (nonces), on `runner`, spending
/// `gate` (empty: a budget of its own).
expected<std::shared_ptr<lighter::rest_api>, std::string>
make_rest(lighter::net::io_runner& runner, const exchange_config& ex,
          std::shared_ptr<lighter::rest_gate> gate = nullptr);

/// A nonce source that asks the exchange's REST nextNonce (spawned
/// detached: it blocks its own thread for the round trip, at start and
/// after an invalid nonce only).
messages::nonce_source_actor
spawn_rest_nonce_source(caf::actor_system& sys,
                        std::shared_ptr<lighter::rest_api> rest);

/// The account's sendTx budget the signer paces to: the tier's, with
/// send_quota_per_minute replacing its figure; none when that is 0.
std::optional<execution::quota_rules> send_quota_of(const exchange_config& ex);

/// The node's signer holding the one API key of [exchange]
/// (LIGHTER_PRIVATE_KEY). An error that never contains the key.
expected<messages::signer_actor, std::string> spawn_node_signer(
    caf::actor_system& sys, const exchange_config& ex, const secret& key,
    messages::nonce_source_actor source,
    std::shared_ptr<const actors::signer_peer_counters> peers = nullptr);

/// The node's signer holding every key of an API key pool (one nonce
/// stream each). An error that never contains a key.
expected<messages::signer_actor, std::string> spawn_node_signer(
    caf::actor_system& sys, const exchange_config& ex,
    const std::map<int, secret>& keys, messages::nonce_source_actor source,
    std::shared_ptr<const actors::signer_peer_counters> peers = nullptr);

/// The live exchange gateway of [exchange] on `runner`. With a
/// `read_only_token` it reads the account with that token instead of the
/// signer's auth tokens (a node without the key).
messages::gateway_actor
spawn_live_gateway(caf::actor_system& sys, lighter::net::io_runner& runner,
                   const exchange_config& ex,
                   const std::vector<lighter::market_info>& markets,
                   messages::signer_actor signer,
                   std::shared_ptr<lighter::rest_gate> gate = nullptr,
                   std::string read_only_token = {});

/// The paper gateway (--dry-run): public trades of `markets` from
/// [exchange] ws_url, orders kept locally.
messages::gateway_actor
spawn_paper_gateway(caf::actor_system& sys, lighter::net::io_runner& runner,
                    const exchange_config& ex,
                    const std::vector<lighter::market_info>& markets);

/// The market status poller (actors/market_status_actor.hpp) of the
/// node's markets, reporting to `root` every `every_s` seconds.
caf::actor
spawn_market_status(caf::actor_system& sys, lighter::net::io_runner& runner,
                    const exchange_config& ex,
                    const std::vector<market_setup>& markets,
                    const messages::node_root_actor& root, int64_t every_s,
                    std::shared_ptr<lighter::rest_gate> gate = nullptr);

/// A fresh random private key (80 hex): for --dry-run without a key and
/// for demo accounts. Never for real money: it is printed by keygen.
std::string random_private_key_hex();

} // namespace trailgrid::runtime
