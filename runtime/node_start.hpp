#pragma once

// The start phases of `gridbot run` before the actor system exists: config
// and secrets, logging, the journal, the exchange's markets with the
// pre-flight checks, the ledger. Each returns the error text `gridbot run`
// fails with, or nothing.

#include "lighter/client/fwd.hpp"
#include "runtime/config.hpp"
#include "runtime/journal.hpp"
#include "runtime/key_pool.hpp"
#include "runtime/logging.hpp"
#include "runtime/market_setup.hpp"
#include "runtime/run_options.hpp"
#include "runtime/secret.hpp"
#include "runtime/session_ledger.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// What a node is started from: options, config, secrets, its log.
struct node_inputs {
  run_options opts;
  config cfg;
  std::string config_text;
  node_role role = node_role::all_in_one;
  /// Not a market node (the signer node signs for a market node).
  bool holds_key = true;
  /// Not a signer node (it trades nothing).
  bool trades = true;
  std::optional<secret> key; ///< unless a key pool or no key
  std::optional<secret> read_only_token;
  key_pool pool;
  logging_handle logs;
};

/// The node's books and markets: journal, ledger, the exchange's markets.
struct node_books {
  std::string journal_path;
  std::shared_ptr<journal_writer> journal;
  /// One REST budget for the account: gateway, feeds, status poller, nonces.
  std::shared_ptr<lighter::rest_gate> rest_gate;
  std::vector<lighter::market_info> exchange_markets;
  std::vector<market_setup> setups;
  std::shared_ptr<session_ledger> ledger;
};

/// Config, secrets and the key(s) the node signs with; the environment
/// forgets the secrets.
std::optional<std::string> load_inputs(node_inputs& in);

/// Logging (secrets never logged) and the start line.
std::optional<std::string> start_logging(node_inputs& in);

/// The journal: one writer per node (locked); a new session if asked.
std::optional<std::string> open_journal(const node_inputs& in,
                                        node_books& books);

/// The exchange's markets, the configured ones resolved against them, and
/// (live) the pre-flight checks of `gridbot check`.
std::optional<std::string> resolve_exchange(lighter::net::io_runner& runner,
                                            const node_inputs& in,
                                            node_books& books);

/// The ledger of the node's markets, replayed from the journal.
std::optional<std::string> replay_ledger(node_books& books);

} // namespace trailgrid::runtime
