#pragma once

#include "lighter/codec/signed_tx.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter {

/// Channel names to subscribe to (outbound form, with '/'; frames come back
/// with ':').
namespace channel {
std::string order_book(int market_id);
std::string trade(int market_id);
std::string ticker(int market_id);
std::string market_stats(int market_id);
std::string market_stats_all();
std::string height();
/// `resolution`: "1m", "5m", "15m", "30m", "1h", "4h", "12h", "1d".
std::string candle(int market_id, std::string_view resolution);
std::string account_all(int64_t account);
std::string account_all_orders(int64_t account);            ///< needs auth
std::string account_orders(int market_id, int64_t account); ///< needs auth
/// One market's orders, position and fills of one account (needs auth).
std::string account_market(int market_id, int64_t account);
std::string account_all_trades(int64_t account);
std::string account_all_positions(int64_t account);
std::string account_all_assets(int64_t account);
std::string account_tx(int64_t account); ///< needs auth
std::string user_stats(int64_t account);
} // namespace channel

/// `{"type":"subscribe","channel":...}` plus `"auth"` when `auth` is not
/// empty (private channels).
std::string encode_subscribe(std::string_view channel,
                             std::string_view auth = {});

/// `{"type":"unsubscribe","channel":...}`.
std::string encode_unsubscribe(std::string_view channel);

/// `{"type":"pong"}`: the keepalive (send every ~30-45 s, and on a ping).
std::string encode_pong();

/// `{"type":"ping"}`.
std::string encode_ping();

/// `jsonapi/sendtx` with `tx_info` embedded as a JSON object and the request
/// `id` (echoed by the exchange; omitted when empty).
/// @pre tx.tx_info is one JSON object (the signer's output).
std::string encode_ws_send_tx(std::string_view id, const wire_tx& tx);

/// `jsonapi/sendtxbatch`: `tx_types` and `tx_infos` are JSON arrays encoded
/// as strings, exactly like the REST form fields.
/// @pre 1 <= txs.size() <= limits::max_txs_per_ws_frame (15); one API key,
/// consecutive nonces.
std::string encode_ws_send_tx_batch(std::string_view id,
                                    const std::vector<wire_tx>& txs);

/// The JSON array of the type ids, e.g. "[15,14,14]".
std::string tx_types_json(const std::vector<wire_tx>& txs);

/// The JSON array of the tx_info texts, each as a JSON string, e.g.
/// "[\"{\\\"AccountIndex\\\":1,...}\"]".
std::string tx_infos_json(const std::vector<wire_tx>& txs);

} // namespace trailgrid::lighter
