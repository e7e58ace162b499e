#pragma once

// Every typed actor interface of trailgrid, in one place: reading this file
// tells the whole protocol. Each handler says who sends it and what it does.

#include "execution/client_index.hpp"
#include "messages/atoms.hpp"
#include "messages/type_ids.hpp"

#include "caf/actor.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::messages {

/// What every child of a market_supervisor understands.
using supervised_actor = caf::typed_actor<
    // market_supervisor -> child: a status snapshot (supervisor fills in
    // restarts and uptime, and nests it under its own answer).
    caf::replies_to<status_atom>::with<actor_status>,
    // market_supervisor -> child, after any child of the market (re)started:
    // the current handles of all siblings. Replaces earlier ones. A grid that
    // gets a new executor re-sends its current desired grid.
    caf::reacts_to<market_peers>,
    // market_supervisor (operator) -> child: stop quoting until resume; keep
    // state. The grid pulls its orders (cancel_grid to the executor) and the
    // executor itself cancels the market's orders (by index) and holds back
    // replace_grid until resume, so nothing rests unattended.
    caf::reacts_to<pause_atom>,
    // market_supervisor (operator) -> child: quote again after pause.
    caf::reacts_to<resume_atom>,
    // market_supervisor (operator) -> child: cancel all live orders of the
    // market now (the executor acts; the grid also stops quoting until
    // resume, so it does not put the orders straight back; others ignore it).
    caf::reacts_to<cancel_atom>,
    // market_supervisor (operator) -> child: quote nothing more, cancel orders,
    // finish what is in flight; a stop usually follows.
    caf::reacts_to<drain_atom>>;

/// feed(M): owns the market-data connection; publishes top_of_book,
/// trade_print and mark_price to atr and grid (handles from market_peers).
/// It takes no other input.
using feed_actor = supervised_actor;

/// atr(M): builds time bars and keeps Wilder ATR; sends atr_update to grid.
using atr_actor = supervised_actor::extend<
    // feed -> atr: prices for the bars (which of them count is configured).
    caf::reacts_to<top_of_book>, caf::reacts_to<trade_print>,
    caf::reacts_to<mark_price>,
    // atr -> itself (delayed, at each bar end): close the open bar even when
    // no price arrived, so a quiet market still gets its bars on time.
    caf::reacts_to<tick_atom>,
    // feed -> atr: the exchange's recent candles, to start warmed up (sent
    // at the feed's start and again to every new atr handle).
    caf::reacts_to<atr_warmup>>;

/// grid(M): the shell over strategy::grid_strategy; sends replace_grid,
/// cancel_grid and halt_notice to the executor.
using grid_actor = supervised_actor::extend<
    // feed -> grid: market state for the centre and the sanity guard.
    caf::reacts_to<top_of_book>, caf::reacts_to<trade_print>,
    caf::reacts_to<mark_price>,
    // atr -> grid: new volatility; changes the spacing of the next grid.
    caf::reacts_to<atr_update>,
    // account stream (gateway) -> grid: our fill, right behind the same fill
    // to the executor; triggers a reset. A fill the exchange reported
    // without a client order index comes from the executor instead, once it
    // knew the order as ours.
    caf::reacts_to<fill>,
    // account stream (gateway) -> grid: an order of the grid went live /
    // went away without trading (live order count, rate limiter cost).
    caf::reacts_to<order_accepted>, caf::reacts_to<order_cancelled>,
    // gateway (the engine cancelled it) or executor (its batch was refused)
    // -> grid: an order of the grid was refused (e.g. post-only would
    // cross); counted by class, the grid is not rebuilt for it.
    caf::reacts_to<order_rejected>,
    // executor -> grid: a replace_grid is finished; a coalesced reset may go.
    caf::reacts_to<reset_done>,
    // account stream (gateway) -> grid: free collateral (balance check).
    caf::reacts_to<balance_update>,
    // account stream (gateway) -> grid: the exchange's position of the
    // market (behind the fills it contains); replaces a booked position
    // that differs.
    caf::reacts_to<position_report>,
    // root -> supervisor -> grid: halt for a node-wide risk rule (account
    // drawdown); journaled, lifted by an operator resume.
    caf::reacts_to<risk_halt>,
    // status poller -> root -> supervisor -> grid: the market is (not)
    // active on the exchange; not active pulls the orders until it is.
    caf::reacts_to<market_status>,
    // grid -> itself (delayed): the strategy timer due at this time (ms of
    // the grid's clock): deferred resets, trailing dwell.
    caf::reacts_to<tick_atom, int64_t>,
    // root -> supervisor -> grid (exposure cap): position and mark price.
    caf::replies_to<exposure_atom>::with<market_exposure>,
    // root -> supervisor -> grid (exposure cap): quote only orders that
    // shrink the position (on), or normally again (off); re-quotes at once.
    caf::reacts_to<reduce_only>>;

/// executor(M): turns a desired grid into signed txs, sends them, tracks the
/// live orders.
using executor_actor = supervised_actor::extend<
    // market_supervisor -> executor, after every (re)start and before any
    // sibling learns its handle: cancel orphans, rebuild the live set.
    caf::replies_to<reconcile_atom>::with<reconciled>,
    // grid -> executor: cancel what is live, place these levels; answer
    // with reset_done to the grid. One reset runs at a time; a newer one
    // arriving meanwhile replaces the waiting one (latest wins).
    caf::reacts_to<replace_grid>,
    // grid -> executor: cancel what is live, place nothing.
    caf::reacts_to<cancel_grid>,
    // grid -> executor: quoting halted / resumed (status, journal).
    caf::reacts_to<halt_notice>,
    // account stream (gateway) -> executor: order lifecycle updates of this
    // market's orders, each just before the grid gets it; the executor
    // updates its live set (a fill without a client order index it passes
    // on to the grid when the order is ours).
    caf::reacts_to<fill>, caf::reacts_to<order_accepted>,
    caf::reacts_to<order_rejected>, caf::reacts_to<order_cancelled>,
    // executor -> itself (delayed): the backoff with this token ended
    // (resend a batch, retry a reconcile); stale tokens are dropped.
    caf::reacts_to<tick_atom, uint64_t>>;

struct sign_and_send; // below: it carries a gateway handle

/// The shared signer: holds the API keys and runs one ordered sign-and-send
/// sequence per API key across all markets (and nodes): a batch is signed
/// only once the exchange's verdict on the key's previous batch is in, and
/// goes straight from the signer to the gateway that sends it, so nothing
/// overtakes and nothing signed is dropped on the way.
using signer_actor = caf::typed_actor<
    // executor (and shutdown sweep, dead-man switch) -> signer: sign this
    // batch with the key's next nonces and have `gateway` send it; the
    // gateway answers the requester with the exchange's verdict. Errors
    // (nothing signed, no nonce used): unknown_api_key, empty_batch,
    // batch_too_large, signing_failed, nonce_unavailable.
    caf::replies_to<sign_and_send>::with<batch_reply>,
    // gateway -> signer: an auth token of API key `uint8_t` valid until the
    // unix second `int64_t` (private WS channels, private REST reads).
    // Errors: unknown_api_key, signing_failed.
    caf::replies_to<auth_token_atom, uint8_t, int64_t>::with<std::string>,
    // requester -> signer: it gave up on its sign_and_send with this
    // batch_id (timed out): if not signed yet it never is (no nonce used).
    caf::reacts_to<withdraw_atom, uint64_t>,
    // requester -> signer: its sign_and_send with this batch_id, if still
    // waiting for its key's turn, now answers a fill (a fill came while
    // its market's job ran, and the market's next reset waits for that job):
    // it goes ahead of the requests that answer none.
    caf::reacts_to<hurry_atom, uint64_t>,
    // gateway -> signer: the exchange's verdict on a batch's nonces; the
    // key's next batch may go (consumed), reuses them (rejected before the
    // sequencer) or waits for the exchange's next nonce (invalid, uncertain).
    caf::reacts_to<tx_outcome>,
    // anyone with the exchange's nextNonce answer -> signer: set the next
    // nonce of a key; releases requests waiting for it.
    caf::reacts_to<nonce_resync>,
    // signer -> itself (delayed): deadlines and verdict timeouts are due.
    caf::reacts_to<tick_atom>,
    // multi_market root / gridctl -> signer: status with keys, nonces and
    // signatures per second.
    caf::replies_to<status_atom>::with<actor_status>>;

/// A signer handle limited to one peer's grant (signer_gate -> peer).
struct signer_session {
  signer_actor signer;
};

/// Serializes a signer_session.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, signer_session& x) {
  return f(caf::meta::type_name("signer_session"), x.signer);
}

/// What a signer node publishes instead of its signer: a peer presents its
/// token and gets a signer handle that checks each request against the
/// keys and markets the token grants.
using signer_gate_actor = caf::typed_actor<
    // market node (signer_link) -> gate: token and origin. Error:
    // unauthorized (counted, logged with the origin).
    caf::replies_to<hello_atom, std::string, std::string>::with<signer_session>,
    // root / tests -> gate: peers admitted and refused.
    caf::replies_to<status_atom>::with<actor_status>>;

/// Where the signer learns the exchange's next nonce of a key (REST
/// nextNonce); optional.
using nonce_source_actor = caf::typed_actor<
    // signer -> nonce source, when a key has no trusted next nonce.
    caf::replies_to<next_nonce_atom, uint8_t>::with<nonce_resync>>;

/// The exchange gateway (one per node): owns the account's exchange
/// connection. Transactions go out through it; the account stream (fills,
/// order updates, positions, balances) comes in through it and is routed to
/// the market's executor and grid.
using gateway_actor = nonce_source_actor::extend<
    // signer -> gateway (delegated: the reply goes to whoever asked the
    // signer): send a signed batch, over the WebSocket when it is up, else
    // over REST. The reply carries the exchange's verdict; a batch whose
    // reply was lost is settled from the exchange's next nonce first
    // (verdict unknown only when its nonces were consumed, then the
    // executor reconciles; retry_later when they were not).
    caf::replies_to<send_batch>::with<batch_reply>,
    // executor -> gateway (reconcile): the market's live orders as the
    // exchange reports them.
    caf::replies_to<active_orders_atom, int32_t>::with<std::vector<live_order>>,
    // root / executor -> gateway: balances and positions from the exchange.
    caf::replies_to<account_atom>::with<account_snapshot>,
    // gridbot -> gateway at start, before the position check: the fills
    // the journal lacks (made while no bot ran, or lost by a kill -9).
    caf::replies_to<fills_since>::with<std::vector<fill>>,
    // gridbot -> gateway at shutdown, once nothing of ours rests: read the
    // trades the periodic stall check has not read yet, now; a fill of ours
    // the stream never sent opens a recovery (see status `recovering`).
    // True when the trades could be read.
    caf::replies_to<check_trades_atom>::with<bool>,
    // gridbot -> gateway, once the root exists: the root to hold (all
    // markets paused, orders cancelled over REST) while the account stream
    // is down longer than its bound; released once the stream is back and
    // recovered from REST.
    caf::reacts_to<link_root_atom, caf::actor>,
    // executor -> gateway, when it starts and whenever its grid changes:
    // route this market's account events here from now on (replaces earlier
    // handles). Sent at start, before reconcile, so late events of a dead
    // executor's orders reach the new one (it adopts and cancels them).
    caf::reacts_to<route_market>,
    // root / gridctl -> gateway: connection state, reconnects, frames.
    caf::replies_to<status_atom>::with<actor_status>>;

/// market_supervisor(M): spawns and monitors feed, atr, grid and executor,
/// restarts failed ones with backoff, forwards operator commands.
using market_supervisor_actor = caf::typed_actor<
    // multi_market root / gridctl -> supervisor: its status with the children
    // nested in role order (feed, atr, grid, executor).
    caf::replies_to<status_atom>::with<actor_status>,
    // operator -> supervisor: forwarded to every running child; pause and
    // resume also apply to children restarted later.
    caf::reacts_to<pause_atom>, caf::reacts_to<resume_atom>,
    caf::reacts_to<cancel_atom>, caf::reacts_to<drain_atom>,
    // operator -> supervisor: stop all children for good, then exit.
    caf::reacts_to<stop_atom>,
    // root -> supervisor: the grid's position and mark (delegated to the
    // grid; error child_unavailable while it is not running).
    caf::replies_to<exposure_atom>::with<market_exposure>,
    // root -> supervisor: forwarded to the grid; also applied to a grid
    // restarted later.
    caf::reacts_to<reduce_only>,
    // root -> supervisor: forwarded to the grid (account drawdown halt).
    caf::reacts_to<risk_halt>,
    // root -> supervisor: forwarded to the grid; the latest is also given
    // to a grid restarted later.
    caf::reacts_to<market_status>,
    // supervisor -> itself (every reconcile_every): have the executor
    // reconcile with the exchange (cancels orders of ours it lost track of,
    // e.g. acknowledgements lost with a dropped socket).
    caf::reacts_to<reconcile_atom>,
    // supervisor -> itself (delayed): the backoff of child `name` ended;
    // `generation` drops timers that a later event made stale.
    caf::reacts_to<restart_atom, std::string, uint64_t>>;

/// The current handles of one market's children (market_supervisor ->
/// children). A default (invalid) handle means that child is not running.
struct market_peers {
  feed_actor feed;
  atr_actor atr;
  grid_actor grid;
  executor_actor executor;
};

/// Serializes a market_peers.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, market_peers& x) {
  return f(caf::meta::type_name("market_peers"), x.feed, x.atr, x.grid,
           x.executor);
}

/// Executor -> signer: sign `request` and have `gateway` send it.
struct sign_and_send {
  sign_request request;
  /// The gateway of the requester's node; it answers the requester.
  gateway_actor gateway;
  uint64_t batch_id = 0; ///< the requester's id, echoed in batch_reply
  /// Monotonic ns of the event behind the batch (fill-to-wire latency).
  int64_t trigger_ns = 0;
  /// The reset answers a fill: served before other waiting batches.
  bool urgent = false;
  /// Longest wait for the key's turn; then it fails unsigned.
  int32_t max_wait_ms = 10'000;
};

/// Serializes a sign_and_send.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sign_and_send& x) {
  return f(caf::meta::type_name("sign_and_send"), x.request, x.gateway,
           x.batch_id, x.trigger_ns, x.urgent, x.max_wait_ms);
}

/// Where the gateway sends one market's account events: fills and order
/// updates of the market's orders to the executor and then the grid;
/// positions and balances to the grid (execution::account_events).
struct route_market {
  int32_t market_index = 0;
  executor_actor executor; ///< null while it reconciles: events wait
  grid_actor grid;
  /// The namespace tag of the executor's client order indexes
  /// (execution/client_index.hpp): events of other orders are not routed.
  uint8_t client_tag = execution::client_index_space::default_tag;
};

/// Serializes a route_market.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, route_market& x) {
  return f(caf::meta::type_name("route_market"), x.market_index, x.executor,
           x.grid, x.client_tag);
}

/// The node journal (runtime): an append-only record of what the markets
/// did, read back at restart. Grids send it copies; nothing waits on it.
using journal_actor = caf::typed_actor<
    // grid -> journal: one of our fills, as the grid booked it.
    caf::reacts_to<fill>,
    // grid -> journal: a replace_grid that went out (a reset).
    caf::reacts_to<replace_grid>,
    // grid -> journal: an order the exchange refused.
    caf::reacts_to<order_rejected>,
    // grid -> journal: the market's risk state changed (restored at start).
    caf::reacts_to<risk_record>,
    // gridbot -> journal, once the root exists: the root to hold (every
    // market stops quoting) while entries cannot be written.
    caf::reacts_to<link_root_atom, caf::actor>,
    // journal -> itself (delayed): retry the entries not written yet.
    caf::reacts_to<tick_atom>,
    // grid -> journal: the book at a moment (price chart, fill markouts).
    caf::reacts_to<book_sample>,
    // root / gridbot -> journal: entries written, bytes, last error.
    caf::replies_to<status_atom>::with<actor_status>>;

/// The root of a node (multi_market): owns the shared signer, the gateway
/// and one market_supervisor per market; enforces the node-wide risk rules
/// (exposure cap, kill switch). gridctl and `gridbot run` talk to it. Market
/// commands name a market by symbol; "*" means every market. Command replies
/// are one human-readable line ("BTC paused"); failures are errors of the
/// trailgrid category (unknown_market, market_exists, bad_market_config,
/// shutting_down). Config reload goes through the admin actor
/// (messages/admin.hpp), which starts and stops markets here.
using node_root_actor = caf::typed_actor<
    // gridctl / gridbot -> root: the whole tree as one nested actor_status:
    // root -> signer, gateway, market supervisors -> their children. Figures
    // of the root: markets, exposure_quote, exposure_cap, kill_switch.
    caf::replies_to<status_atom>::with<actor_status>,
    // gridctl -> root: pause market(s): the grid pulls its orders and quotes
    // nothing until resume (the kill switch also holds it paused).
    caf::replies_to<pause_atom, std::string>::with<std::string>,
    // gridctl -> root: resume market(s) paused by the operator. A market
    // stays paused while the kill switch file exists.
    caf::replies_to<resume_atom, std::string>::with<std::string>,
    // gridctl -> root: cancel all live orders of market(s) now; the grid
    // stops quoting until resume.
    caf::replies_to<cancel_atom, std::string>::with<std::string>,
    // gridctl / gridbot (shutdown) -> root: every market quotes nothing
    // more and cancels its own orders; in-flight work finishes. The reply
    // comes once the drain was sent to every supervisor (poll status for
    // live_orders = 0 to know the orders are gone). Nothing is restarted.
    caf::replies_to<drain_atom>::with<std::string>,
    // gridctl / gridbot -> root: stop every market, the gateway and (when
    // the root spawned it) the signer, then exit. Monitor the root to know
    // when it is done.
    caf::reacts_to<stop_atom>,
    // gridctl -> root: start market `symbol` with `settings`, the TOML keys
    // of a [[market]] entry (without symbol), merged over the node's
    // [defaults] like a configured market. Errors: market_exists,
    // bad_market_config.
    caf::replies_to<add_market_atom, std::string,
                    std::string>::with<std::string>,
    // gridctl -> root: drain market `symbol` (cancel its orders), stop its
    // supervisor and forget it. Error: unknown_market.
    caf::replies_to<remove_market_atom, std::string>::with<std::string>,
    // root -> itself (delayed): poll market `symbol` being removed
    // (`attempt` counts the polls) until it reports no live orders.
    caf::reacts_to<remove_market_atom, std::string, int32_t>,
    // signer link (market node) -> root: (reason, on) hold every market
    // paused and cancelling while any hold is on (like the kill switch);
    // releasing the last hold resumes the markets the operator did not
    // pause.
    caf::reacts_to<hold_atom, std::string, bool>,
    // root -> itself (delayed): check the kill switch file now.
    caf::reacts_to<kill_poll_atom>,
    // root -> itself (delayed): ask every grid for its exposure now.
    caf::reacts_to<expo_poll_atom>,
    // status poller -> root: the exchange's status of a market (by index);
    // forwarded to that market's supervisor.
    caf::reacts_to<market_status>>;

} // namespace trailgrid::messages
