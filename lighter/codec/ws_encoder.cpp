#include "lighter/codec/ws_encoder.hpp"

#include "lighter/codec/text_encoding.hpp"

namespace trailgrid::lighter {

namespace channel {

namespace {

std::string join(std::string_view family, int64_t id) {
  std::string s(family);
  s += '/';
  s += std::to_string(id);
  return s;
}

} // namespace

std::string order_book(int market_id) {
  return join("order_book", market_id);
}
std::string trade(int market_id) {
  return join("trade", market_id);
}
std::string ticker(int market_id) {
  return join("ticker", market_id);
}
std::string market_stats(int market_id) {
  return join("market_stats", market_id);
}
std::string market_stats_all() {
  return "market_stats/all";
}
std::string height() {
  return "height";
}
std::string candle(int market_id, std::string_view resolution) {
  std::string s = join("candle", market_id);
  s += '/';
  s += resolution;
  return s;
}
std::string account_all(int64_t account) {
  return join("account_all", account);
}
std::string account_all_orders(int64_t account) {
  return join("account_all_orders", account);
}
std::string account_orders(int market_id, int64_t account) {
  std::string s = join("account_orders", market_id);
  s += '/';
  s += std::to_string(account);
  return s;
}
std::string account_market(int market_id, int64_t account) {
  std::string s = join("account_market", market_id);
  s += '/';
  s += std::to_string(account);
  return s;
}
std::string account_all_trades(int64_t account) {
  return join("account_all_trades", account);
}
std::string account_all_positions(int64_t account) {
  return join("account_all_positions", account);
}
std::string account_all_assets(int64_t account) {
  return join("account_all_assets", account);
}
std::string account_tx(int64_t account) {
  return join("account_tx", account);
}
std::string user_stats(int64_t account) {
  return join("user_stats", account);
}

} // namespace channel

namespace {

std::string typed(std::string_view type, std::string_view channel_name,
                  std::string_view auth) {
  std::string out = "{\"type\":";
  append_json_string(out, type);
  out += ",\"channel\":";
  append_json_string(out, channel_name);
  if (!auth.empty()) {
    out += ",\"auth\":";
    append_json_string(out, auth);
  }
  out += '}';
  return out;
}

void append_id(std::string& out, std::string_view id) {
  if (id.empty()) return;
  out += "\"id\":";
  append_json_string(out, id);
  out += ',';
}

} // namespace

std::string encode_subscribe(std::string_view channel_name,
                             std::string_view auth) {
  return typed("subscribe", channel_name, auth);
}

std::string encode_unsubscribe(std::string_view channel_name) {
  return typed("unsubscribe", channel_name, {});
}

std::string encode_pong() {
  return "{\"type\":\"pong\"}";
}

std::string encode_ping() {
  return "{\"type\":\"ping\"}";
}

std::string encode_ws_send_tx(std::string_view id, const wire_tx& tx) {
  std::string out = "{\"type\":\"jsonapi/sendtx\",\"data\":{";
  append_id(out, id);
  out += "\"tx_type\":";
  out += std::to_string(tx.tx_type);
  out += ",\"tx_info\":";
  out += tx.tx_info; // already a JSON object: embedded, not quoted
  out += "}}";
  return out;
}

std::string tx_types_json(const std::vector<wire_tx>& txs) {
  std::string out = "[";
  for (size_t i = 0; i < txs.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(txs[i].tx_type);
  }
  out += ']';
  return out;
}

std::string tx_infos_json(const std::vector<wire_tx>& txs) {
  std::string out = "[";
  for (size_t i = 0; i < txs.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, txs[i].tx_info);
  }
  out += ']';
  return out;
}

std::string encode_ws_send_tx_batch(std::string_view id,
                                    const std::vector<wire_tx>& txs) {
  std::string out = "{\"type\":\"jsonapi/sendtxbatch\",\"data\":{";
  append_id(out, id);
  out += "\"tx_types\":";
  append_json_string(out, tx_types_json(txs));
  out += ",\"tx_infos\":";
  append_json_string(out, tx_infos_json(txs));
  out += "}}";
  return out;
}

} // namespace trailgrid::lighter
