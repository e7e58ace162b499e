#pragma once

// Atoms (message tags) of the trailgrid protocol; CAF 0.17 atoms hold at
// most 10 characters.

#include "caf/atom.hpp"

namespace trailgrid::messages {

/// Asks an actor for its actor_status.
using status_atom = caf::atom_constant<caf::atom("status")>;
/// Operator command: stop quoting, keep state and connections.
using pause_atom = caf::atom_constant<caf::atom("pause")>;
/// Operator command: quote again after pause.
using resume_atom = caf::atom_constant<caf::atom("resume")>;
/// Operator command: cancel all live orders of the market now.
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
/// Operator command: stop the actor (and its children) for good.
using stop_atom = caf::atom_constant<caf::atom("stop")>;
/// Operator command: quote nothing more, cancel orders, finish in-flight work.
using drain_atom = caf::atom_constant<caf::atom("drain")>;
/// Supervisor -> executor: make the local order set match the exchange
/// (cancel orphans) before quoting.
using reconcile_atom = caf::atom_constant<caf::atom("reconcile")>;
/// Supervisor -> itself: a backoff delay ended; restart a child.
using restart_atom = caf::atom_constant<caf::atom("restart")>;
/// An actor -> itself (delayed_send): a timer it set is due (atr: close the
/// bar; grid: deliver a strategy timer event; executor: a backoff ended).
using tick_atom = caf::atom_constant<caf::atom("tick")>;
/// Signer -> nonce source: what nonce does the exchange expect next?
using next_nonce_atom = caf::atom_constant<caf::atom("next_nonce")>;
/// Executor -> gateway: this market's live orders as the exchange sees them.
using active_orders_atom = caf::atom_constant<caf::atom("active_ord")>;
/// Anyone -> gateway: the account (balances, positions) from the exchange.
using account_atom = caf::atom_constant<caf::atom("account")>;
/// Gateway -> signer: an auth token for private channels and REST reads.
using auth_token_atom = caf::atom_constant<caf::atom("auth_token")>;

/// Root -> supervisor -> grid: the market's position and mark price.
using exposure_atom = caf::atom_constant<caf::atom("exposure")>;
/// Operator -> node root: start a market.
using add_market_atom = caf::atom_constant<caf::atom("add_market")>;
/// Operator -> node root: drain and stop a market, then forget it.
using remove_market_atom = caf::atom_constant<caf::atom("rm_market")>;
/// Node root -> itself (delayed): check the kill switch file.
using kill_poll_atom = caf::atom_constant<caf::atom("kill_poll")>;
/// Node root -> itself (delayed): re-check the exposure cap.
using expo_poll_atom = caf::atom_constant<caf::atom("expo_poll")>;
/// Node side -> node root: hold every market paused for a reason (e.g. the
/// signer node is unreachable), or release that hold.
using hold_atom = caf::atom_constant<caf::atom("hold")>;
/// Tells a signer link or the gateway which node root to hold while the
/// signer or the account stream is away.
using link_root_atom = caf::atom_constant<caf::atom("link_root")>;
/// gridbot -> paper gateway: the signer to report each batch's verdict to
/// (the live gateway has it in its config).
using link_signer_atom = caf::atom_constant<caf::atom("link_sign")>;
/// Gateway -> itself (delayed): check the account stream against REST.
using stream_check_atom = caf::atom_constant<caf::atom("strm_chk")>;
/// gridbot -> gateway at shutdown: check the account stream against REST
/// now and answer once the trades are read.
using check_trades_atom = caf::atom_constant<caf::atom("chk_trade")>;
/// Requester -> signer: it gave up on a sign request (timed out).
using withdraw_atom = caf::atom_constant<caf::atom("withdraw")>;
/// Requester -> signer: a sign request still waiting now answers a fill.
using hurry_atom = caf::atom_constant<caf::atom("hurry")>;
/// Signer peer -> signer gate: authenticate with a token.
using hello_atom = caf::atom_constant<caf::atom("hello")>;

} // namespace trailgrid::messages
