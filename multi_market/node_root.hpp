#pragma once

#include "multi_market/exposure.hpp"
#include "multi_market/market_plan.hpp"

#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trailgrid::multi_market {

/// Spawns the node's signer (from the root, so it is the root's child).
using signer_factory =
    std::function<messages::signer_actor(caf::local_actor* parent)>;

/// Spawns the node's gateway; it gets the signer (auth tokens, nonces).
using gateway_factory = std::function<messages::gateway_actor(
    caf::local_actor* parent, const messages::signer_actor& signer)>;

/// Spawn arguments of the node root.
struct node_root_config {
  std::string name = "node";
  /// A signer that runs elsewhere (split deployment: a signer node holds
  /// the keys): used as is, never stopped by this root. When invalid,
  /// make_signer spawns a local one that the root owns.
  messages::signer_actor signer;
  signer_factory make_signer;
  /// Required: the node's exchange gateway (live or paper).
  gateway_factory make_gateway;
  /// The markets to start with.
  std::vector<market_plan> markets;
  /// Builds markets for add_market; without it add_market is refused.
  market_builder build_market;
  /// [risk] max_total_exposure_quote in micro-USDC; 0 = no cap.
  int64_t max_total_exposure_micro = 0;
  /// The cap releases at this share of it (ppm), see exposure_cap.
  int64_t exposure_release_ppm = 950'000;
  /// [risk] max_account_drawdown_quote in micro-USDC: every market halts
  /// (journaled, until an operator resumes) when the summed session equity
  /// of the node's markets falls this far below its peak; 0 = off.
  int64_t max_account_drawdown_micro = 0;
  /// How often the root asks every grid for its exposure.
  std::chrono::milliseconds exposure_interval{1'000};
  /// [risk] kill_switch_file: while it exists every market is paused
  /// ("" = no kill switch).
  std::string kill_switch_file;
  /// How often the root checks for the kill switch file.
  std::chrono::milliseconds kill_switch_interval{500};
  /// How long signer, gateway and supervisors may take to answer status.
  std::chrono::milliseconds status_timeout{3'000};
  /// remove_market: how long the drained market may take to report no
  /// live orders before it is stopped anyway.
  std::chrono::milliseconds remove_timeout{10'000};
  /// How often remove_market polls the draining market.
  std::chrono::milliseconds remove_poll{200};
  /// Seeds the restart jitter of the supervisors (each gets seed + n).
  uint64_t seed = 0;
  /// Overrides the existence check of kill_switch_file (tests).
  std::function<bool(const std::string&)> file_exists;
};

/// State of the node root (public for tests and status).
struct node_root_state {
  /// One running market.
  struct market {
    market_plan plan;
    messages::market_supervisor_actor supervisor;
    bool operator_paused = false;
    bool cancelled = false; ///< cancel_atom: paused until resume
    bool removing = false;
    std::optional<messages::market_exposure> exposure; ///< latest answer
    int64_t exposure_micro = 0;
    /// A position and never a price to value it: the cap counts as reached.
    bool exposure_unknown = false;
    strategy::price_ticks last_mark; ///< the last non-zero mark reported
    int64_t equity_micro = 0;        ///< session equity, latest answer
    caf::actor_clock::time_point remove_started;
    caf::typed_response_promise<std::string> remove_promise;
  };

  node_root_config cfg;
  messages::signer_actor signer;
  bool owns_signer = false;
  messages::gateway_actor gateway;
  std::map<std::string, market> markets;
  exposure_cap cap;
  int64_t total_exposure_micro = 0;
  account_drawdown account_dd;
  int64_t account_equity_micro = 0;
  bool kill_active = false;
  /// Reasons that hold every market paused (hold_atom), e.g. "signer".
  std::set<std::string> holds;
  bool draining = false;
  bool stopping = false;
  uint64_t next_seed = 0;
  caf::actor_clock::time_point started_at;

  static inline const char* name = "trailgrid.node_root";
};

/// The node root actor (see messages::node_root_actor for the protocol).
/// Spawns the signer (or uses the given one), the gateway and one
/// market_supervisor per market; pauses every market while the kill switch
/// file exists; polls every grid's exposure and holds all markets
/// reduce-only while the node's total exceeds the cap; adds, pauses,
/// resumes, cancels and removes markets on command while the others run;
/// answers status with the whole tree.
///
/// Exposure cap rule: total = sum over markets of |position| x mark (in
/// micro-USDC). Above the cap every market quotes reduce-only (long: asks
/// only, short: bids only, flat: nothing), since any fill that grows a
/// position grows the total; at or below release_ppm of the cap they quote
/// normally again.
///
/// If the gateway or an owned signer fails, the root fails with it (its
/// supervisors go down too): a node without them cannot trade or cancel.
messages::node_root_actor::behavior_type node_root_impl(
    messages::node_root_actor::stateful_pointer<node_root_state> self,
    node_root_config cfg);

/// Spawns the node root.
messages::node_root_actor spawn_node_root(caf::actor_system& sys,
                                          node_root_config cfg);

} // namespace trailgrid::multi_market
