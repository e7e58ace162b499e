#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace trailgrid::lighter {

/// What the caller should do about an exchange answer.
enum class error_class : uint8_t {
  ok,           ///< accepted
  retry_later,  ///< back off (exponentially), send again
  resync_nonce, ///< re-read nextNonce, re-sign what was not accepted
  drop_order,   ///< do not place this order; the next reset recomputes
  /// The client order index is taken. Answering an idempotent resend (same
  /// client index after an unknown outcome) it means "already placed";
  /// otherwise the index collides with a live order: pick a fresh one.
  duplicate_client_index,
  already_gone, ///< treat as success (cancel of a gone order); reconcile
  resync_state, ///< drop the order, reload position and orders
  reauth,       ///< make a fresh auth token, resubscribe / retry
  not_found,    ///< caller decides (unknown account or tx: often pending)
  fatal,        ///< stop this market or bot and alert: retrying cannot help
  unknown,      ///< a code not in the table: log it, drop, reconcile
};

/// Why an order was refused, as the executor reports it to the grid.
enum class reject_reason : uint8_t {
  post_only_cross,     ///< a post-only order would have crossed: re-quote
  invalid_amount,      ///< size, price or notional invalid / below minimum
  insufficient_margin, ///< not enough free collateral
  rate_limited,        ///< too many requests or pending txs: back off
  invalid_nonce,       ///< nonce out of sequence: resync the signer
  other,               ///< anything else; see code and message
};

/// One exchange error code: what it means, what to do, what to tell the
/// operator. `message` is the plain operator text logged with the code.
struct error_code_info {
  int64_t code = 0;
  error_class cls = error_class::unknown;
  reject_reason reason = reject_reason::other;
  std::string_view message;
};

/// Every code of protocol notes sections 9 and 13 (plus the HTTP-style 429
/// and the codes seen in captured payloads), sorted by code. Codes section
/// 13 lists without a meaning are classified conservatively (drop the order,
/// never retry) and say so.
inline constexpr std::array<error_code_info, 75> error_codes{{
    // clang-format off
    {200, error_class::ok, reject_reason::other, "accepted"},
    {429, error_class::retry_later, reject_reason::rate_limited, "too many requests (HTTP 429): backing off"},
    {20001, error_class::fatal, reject_reason::other, "invalid parameter in the request: a client bug, or a missing auth token if the text says auth"},
    {20013, error_class::reauth, reject_reason::other, "invalid auth token: a fresh token is made; if it repeats, check the clock and the API key"},
    {20558, error_class::fatal, reject_reason::other, "the exchange refuses this region (geo restriction): trading from here is not possible"},
    {21104, error_class::resync_nonce, reject_reason::invalid_nonce, "invalid nonce: nonce re-read from the exchange, unaccepted txs re-signed"},
    {21105, error_class::resync_nonce, reject_reason::invalid_nonce, "nonces of a batch are not strictly increasing: batch re-signed with fresh nonces"},
    {21109, error_class::fatal, reject_reason::other, "API key not found: register the key (gridbot keygen, then the exchange's API key page) or fix api_key_index"},
    {21110, error_class::fatal, reject_reason::other, "invalid API key index: use 4..254 in [exchange] api_key_index"},
    {21111, error_class::drop_order, reject_reason::other, "API key error (code listed since 2026, meaning not documented): order dropped; check the text"},
    {21120, error_class::fatal, reject_reason::other, "invalid signature: wrong chain_id, wrong key for api_key_index, or a signing bug"},
    {21121, error_class::fatal, reject_reason::other, "a batch mixes accounts or API keys: a client bug, batches must use one account and one key"},
    {21122, error_class::fatal, reject_reason::other, "dead-man switch (scheduled cancel-all) refused: fix its parameters"},
    {21136, error_class::fatal, reject_reason::other, "invalid public key after an exchange upgrade: register a fresh API key (gridbot keygen, register it at index 4..254, update the secret)"},
    {21149, error_class::fatal, reject_reason::other, "integrator is not approved: remove the integrator attributes or get the integrator approved"},
    {21500, error_class::fatal, reject_reason::other, "transaction not found: a client bug (tx_info logged)"},
    {21501, error_class::fatal, reject_reason::other, "invalid tx info: a client bug (tx_info logged)"},
    {21506, error_class::retry_later, reject_reason::rate_limited, "too many pending transactions: backing off"},
    {21507, error_class::fatal, reject_reason::insufficient_margin, "account below maintenance margin: reduce-only until margin is restored"},
    {21508, error_class::fatal, reject_reason::insufficient_margin, "account below initial margin: no new risk until margin is restored"},
    {21513, error_class::drop_order, reject_reason::other, "batch error (code listed since 2026, meaning not documented): batch dropped; check the text"},
    {21514, error_class::fatal, reject_reason::other, "batch too large (over 15 per WebSocket frame or 50 per REST batch): a client bug"},
    {21516, error_class::drop_order, reject_reason::other, "batch error (code listed since 2026, meaning not documented): batch dropped; check the text"},
    {21600, error_class::already_gone, reject_reason::other, "cancel of an order that is not active: treated as gone"},
    {21601, error_class::drop_order, reject_reason::other, "order book full at this level: level skipped"},
    {21602, error_class::fatal, reject_reason::other, "invalid market index: reload market metadata, check the market config"},
    {21605, error_class::fatal, reject_reason::other, "market not active: market paused"},
    {21701, error_class::drop_order, reject_reason::invalid_amount, "invalid base amount: order dropped (size rounding or minimum)"},
    {21702, error_class::drop_order, reject_reason::invalid_amount, "invalid price: order dropped (price rounding)"},
    {21705, error_class::fatal, reject_reason::other, "invalid time in force: a client bug"},
    {21706, error_class::drop_order, reject_reason::invalid_amount, "invalid order amount (below the minimum size or notional): order dropped"},
    {21709, error_class::already_gone, reject_reason::other, "cancel of an order that is not active: treated as gone"},
    {21711, error_class::fatal, reject_reason::other, "invalid order expiry: a client bug"},
    {21712, error_class::fatal, reject_reason::other, "a cancel-all is already queued: fix the dead-man switch parameters"},
    {21713, error_class::fatal, reject_reason::other, "invalid cancel-all time in force: fix the dead-man switch parameters"},
    {21714, error_class::fatal, reject_reason::other, "invalid cancel-all time: fix the dead-man switch parameters"},
    {21715, error_class::already_gone, reject_reason::other, "cancel of an order that is not active: treated as gone"},
    {21717, error_class::drop_order, reject_reason::other, "too many active orders on the account: order dropped; fewer levels needed"},
    {21718, error_class::drop_order, reject_reason::other, "too many active orders in this market: order dropped; fewer levels needed"},
    {21719, error_class::retry_later, reject_reason::rate_limited, "too many pending orders: backing off"},
    {21720, error_class::retry_later, reject_reason::rate_limited, "too many pending orders: backing off"},
    {21727, error_class::drop_order, reject_reason::other, "invalid client order index: order dropped"},
    {21728, error_class::duplicate_client_index, reject_reason::other, "duplicate client order index: already placed if this answers a resend, else an index collision"},
    {21732, error_class::resync_state, reject_reason::other, "reduce-only order would increase the position: position reloaded"},
    {21733, error_class::drop_order, reject_reason::invalid_amount, "price too far from the market (fat finger): order dropped"},
    {21734, error_class::drop_order, reject_reason::invalid_amount, "price too far from the mark price: order dropped"},
    {21738, error_class::resync_state, reject_reason::other, "invalid order direction for the position: position reloaded"},
    {21739, error_class::fatal, reject_reason::insufficient_margin, "not enough margin for the order: smaller sizes or more collateral needed"},
    {21740, error_class::resync_state, reject_reason::other, "invalid margin mode for the position: position reloaded"},
    {21741, error_class::drop_order, reject_reason::other, "order error (code listed since 2026, meaning not documented): order dropped; check the text"},
    {21742, error_class::drop_order, reject_reason::other, "order error (code listed since 2026, meaning not documented): order dropped; check the text"},
    {21743, error_class::drop_order, reject_reason::other, "order error (code listed since 2026, meaning not documented): order dropped; check the text"},
    {21744, error_class::drop_order, reject_reason::other, "order error (code listed since 2026, meaning not documented): order dropped; check the text"},
    {21745, error_class::drop_order, reject_reason::other, "order error (code listed since 2026, meaning not documented): order dropped; check the text"},
    {23000, error_class::retry_later, reject_reason::rate_limited, "too many requests: backing off (a higher tier raises the quota)"},
    {23001, error_class::fatal, reject_reason::other, "too many WebSocket subscriptions: fewer markets per connection"},
    {23002, error_class::fatal, reject_reason::other, "too many accounts on one connection: fewer accounts per connection"},
    {23003, error_class::fatal, reject_reason::other, "too many connections from this IP: fewer processes per IP"},
    {23004, error_class::drop_order, reject_reason::other, "limit error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {29404, error_class::not_found, reject_reason::other, "not found (account or transaction; often still pending)"},
    {29500, error_class::drop_order, reject_reason::other, "server error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {29501, error_class::drop_order, reject_reason::other, "server error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {30000, error_class::fatal, reject_reason::other, "the WebSocket server could not parse our frame: a client bug"},
    {30001, error_class::fatal, reject_reason::other, "invalid WebSocket message type: a client bug"},
    {30002, error_class::already_gone, reject_reason::other, "not subscribed: nothing to unsubscribe"},
    {30003, error_class::already_gone, reject_reason::other, "already subscribed: nothing to do"},
    {30004, error_class::drop_order, reject_reason::other, "WebSocket error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {30005, error_class::fatal, reject_reason::other, "invalid channel: check the channel name and market id"},
    {30006, error_class::drop_order, reject_reason::other, "WebSocket error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {30007, error_class::drop_order, reject_reason::other, "WebSocket error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {30008, error_class::drop_order, reject_reason::other, "WebSocket error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {30009, error_class::retry_later, reject_reason::rate_limited, "too many WebSocket messages: slowing down (no reconnect)"},
    {30010, error_class::retry_later, reject_reason::rate_limited, "too many WebSocket messages in flight: slowing down (no reconnect)"},
    {30011, error_class::drop_order, reject_reason::other, "WebSocket error (code listed since 2026, meaning not documented): request dropped; check the text"},
    {30012, error_class::drop_order, reject_reason::other, "WebSocket error (code listed since 2026, meaning not documented): request dropped; check the text"},
    // clang-format on
}};

/// The row of `code`, or nullptr when the table does not know it.
const error_code_info* find_error_code(int64_t code);

} // namespace trailgrid::lighter
