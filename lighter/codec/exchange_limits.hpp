#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

/// The exchange's fixed limits and the bot's defaults derived from them, in
/// one place (protocol notes 6, 10 and 13; section 13 wins where they
/// disagree). Per-tier figures (fees, latencies, quotas) are in tiers.hpp;
/// the field ranges of signed transactions in lighter/tx/tx_validate.hpp.
namespace trailgrid::lighter::limits {

// --- Transaction batches -------------------------------------------------

/// Most transactions in one WebSocket `jsonapi/sendtxbatch` frame.
inline constexpr size_t max_txs_per_ws_frame = 15;
/// Most transactions in one REST `sendTxBatch` (error 21514 above it).
inline constexpr size_t max_txs_per_rest_batch = 50;

/// The path a batch takes to the exchange; it sets the batch limit.
enum class tx_channel : uint8_t { websocket, rest };

/// The batch limit of `c`.
constexpr size_t max_batch_txs(tx_channel c) {
  return c == tx_channel::rest ? max_txs_per_rest_batch : max_txs_per_ws_frame;
}

/// "websocket" / "rest" (config files).
constexpr std::optional<tx_channel> parse_tx_channel(std::string_view name) {
  if (name == "websocket") return tx_channel::websocket;
  if (name == "rest") return tx_channel::rest;
  return std::nullopt;
}

// --- API keys and nonces ---------------------------------------------------

/// Indices 0..3 are reserved for the exchange's web and mobile apps: a key
/// registered there by a bot is overwritten when the user logs in.
inline constexpr int64_t first_reserved_api_key_index = 0;
inline constexpr int64_t last_reserved_api_key_index = 3;
/// The lowest index a bot should use (and the one examples use).
inline constexpr int64_t first_bot_api_key_index = 4;
// The highest registrable index (254) and the other field ranges of the
// signed transactions are in lighter/tx/tx_validate.hpp (same namespace).

/// True for an index the exchange's own apps may take over.
constexpr bool is_reserved_api_key_index(int64_t index) {
  return index >= first_reserved_api_key_index &&
         index <= last_reserved_api_key_index;
}

/// With the skip-nonce attribute a tx's nonce must satisfy
/// old < new < skip_nonce_limit (instead of new == old + 1).
inline constexpr int64_t skip_nonce_limit = (int64_t{1} << 47) - 1;

// --- Auth tokens -----------------------------------------------------------

/// Longest lifetime of a signed auth token (seconds).
inline constexpr int64_t max_auth_token_lifetime_s = 8 * 3600;
/// Lifetimes of a read-only token `ro:{account}:{single|all}:{expiry}:{hex}`.
inline constexpr int64_t min_read_only_token_lifetime_s = 24 * 3600;
inline constexpr int64_t max_read_only_token_lifetime_s = 10LL * 365 * 86'400;
/// Read-only tokens an account may hold at once.
inline constexpr int max_read_only_tokens_per_account = 10;

// --- WebSocket ---------------------------------------------------------------

/// The server closes a socket that sent nothing for this long.
inline constexpr int64_t ws_idle_close_ms = 120'000;
/// Client messages per minute per IP (tx frames are not counted).
inline constexpr int ws_client_messages_per_minute = 200;
/// Client messages in flight per IP.
inline constexpr int ws_messages_in_flight = 50;
/// Subscriptions and distinct accounts per connection (mid-2026 figure;
/// older docs said 100 and 10).
inline constexpr int ws_subscriptions_per_connection = 500;
inline constexpr int ws_accounts_per_connection = 500;
/// Some servers close sessions after this long; a close is routine.
inline constexpr int64_t ws_session_close_min_ms = 20 * 60'000;
inline constexpr int64_t ws_session_close_max_ms = 30 * 60'000;

// --- Orders
// -------------------------------------------------------------------

/// Pending and active orders (NautilusTrader's guide; not confirmed by the
/// exchange's own pages).
inline constexpr int max_pending_orders_per_account = 500;
inline constexpr int max_pending_orders_per_market = 16;
inline constexpr int max_active_orders_per_account = 1500;
inline constexpr int max_active_orders_per_market = 1000;
/// Client order indices per `accountOrders` lookup.
inline constexpr int max_client_indexes_per_lookup = 20;

} // namespace trailgrid::lighter::limits
