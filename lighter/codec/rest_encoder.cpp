#include "lighter/codec/rest_encoder.hpp"

#include "lighter/codec/text_encoding.hpp"
#include "lighter/codec/ws_encoder.hpp"

namespace trailgrid::lighter {

query_builder& query_builder::add(std::string_view key,
                                  std::string_view value) {
  text_ += has_query_ ? '&' : '?';
  has_query_ = true;
  append_percent_encoded(text_, key);
  text_ += '=';
  append_percent_encoded(text_, value);
  return *this;
}

query_builder& query_builder::add(std::string_view key, int64_t value) {
  return add(key, std::to_string(value));
}

query_builder& query_builder::add_if(std::string_view key,
                                     std::optional<int64_t> value) {
  return value ? add(key, *value) : *this;
}

query_builder& query_builder::add_if(std::string_view key,
                                     std::string_view value) {
  return value.empty() ? *this : add(key, value);
}

namespace rest_target {

namespace {

std::optional<int64_t> widen(std::optional<int> v) {
  if (v) return *v;
  return std::nullopt;
}

} // namespace

std::string order_books(std::optional<int> market_id, std::string_view filter) {
  return query_builder(rest_path::order_books)
      .add_if("market_id", widen(market_id))
      .add_if("filter", filter)
      .str();
}

std::string order_book_details(std::optional<int> market_id,
                               std::string_view filter) {
  return query_builder(rest_path::order_book_details)
      .add_if("market_id", widen(market_id))
      .add_if("filter", filter)
      .str();
}

std::string order_book_orders(int market_id, int limit) {
  return query_builder(rest_path::order_book_orders)
      .add("market_id", market_id)
      .add("limit", limit)
      .str();
}

std::string next_nonce(int64_t account, int api_key) {
  return query_builder(rest_path::next_nonce)
      .add("account_index", account)
      .add("api_key_index", api_key)
      .str();
}

std::string account_by_index(int64_t account) {
  return query_builder(rest_path::account)
      .add("by", "index")
      .add("value", account)
      .str();
}

std::string api_keys(int64_t account, int api_key) {
  return query_builder(rest_path::api_keys)
      .add("account_index", account)
      .add("api_key_index", api_key)
      .str();
}

std::string account_active_orders(int64_t account, std::optional<int> market_id,
                                  std::string_view auth) {
  return query_builder(rest_path::account_active_orders)
      .add("account_index", account)
      .add_if("market_id", widen(market_id))
      .add_if("auth", auth)
      .str();
}

std::string account_inactive_orders(int64_t account, int limit,
                                    std::optional<int> market_id,
                                    std::string_view cursor,
                                    std::string_view auth) {
  return query_builder(rest_path::account_inactive_orders)
      .add("account_index", account)
      .add("limit", limit)
      .add_if("market_id", widen(market_id))
      .add_if("cursor", cursor)
      .add_if("auth", auth)
      .str();
}

std::string account_orders(const std::vector<int64_t>& client_order_indexes,
                           std::string_view auth) {
  std::string list;
  for (size_t i = 0; i < client_order_indexes.size(); ++i) {
    if (i > 0) list += ',';
    list += std::to_string(client_order_indexes[i]);
  }
  return query_builder(rest_path::account_orders)
      .add("client_order_indexes", list)
      .add_if("auth", auth)
      .str();
}

std::string candles(int market_id, std::string_view resolution,
                    int64_t start_timestamp_ms, int64_t end_timestamp_ms,
                    int64_t count_back) {
  return query_builder(rest_path::candles)
      .add("market_id", market_id)
      .add("resolution", resolution)
      .add("start_timestamp", start_timestamp_ms)
      .add("end_timestamp", end_timestamp_ms)
      .add("count_back", count_back)
      .str();
}

std::string recent_trades(int market_id, int limit) {
  return query_builder(rest_path::recent_trades)
      .add("market_id", market_id)
      .add("limit", limit)
      .str();
}

std::string account_trades(int64_t account, int limit,
                           std::optional<int> market_id, std::string_view auth,
                           std::string_view cursor) {
  return query_builder(rest_path::trades)
      .add("account_index", account)
      .add_if("market_id", widen(market_id))
      .add("sort_by", "timestamp")
      .add("sort_dir", "desc")
      .add("limit", limit)
      .add_if("cursor", cursor)
      .add_if("auth", auth)
      .str();
}

std::string tx_by_hash(std::string_view tx_hash) {
  return query_builder(rest_path::tx)
      .add("by", "hash")
      .add("value", tx_hash)
      .str();
}

} // namespace rest_target

std::string encode_create_token_form(int64_t account, bool all_accounts,
                                     int64_t expiry_s) {
  return "account_index=" + std::to_string(account) +
         "&scope=" + (all_accounts ? "all" : "single") +
         "&expiry=" + std::to_string(expiry_s);
}

std::string encode_send_tx_form(const wire_tx& tx,
                                std::optional<bool> price_protection) {
  std::string out = "tx_type=";
  out += std::to_string(tx.tx_type);
  out += "&tx_info=";
  append_percent_encoded(out, tx.tx_info);
  if (price_protection) {
    out += "&price_protection=";
    out += *price_protection ? "true" : "false";
  }
  return out;
}

std::string encode_send_tx_batch_form(const std::vector<wire_tx>& txs) {
  std::string out = "tx_types=";
  append_percent_encoded(out, tx_types_json(txs));
  out += "&tx_infos=";
  append_percent_encoded(out, tx_infos_json(txs));
  return out;
}

} // namespace trailgrid::lighter
