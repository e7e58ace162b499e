#include "tools/lighter-sim/sim_record.hpp"

#include <nlohmann/json.hpp>

namespace trailgrid::sim {

const char* kind_name(record_kind k) {
  switch (k) {
  case record_kind::tx:
    return "tx";
  case record_kind::reject:
    return "reject";
  case record_kind::order:
    return "order";
  case record_kind::fill:
    return "fill";
  case record_kind::cancel_all_fired:
    return "cancel_all_fired";
  case record_kind::nonce_desync:
    return "nonce_desync";
  }
  return "?";
}

std::string to_json_line(const record_entry& e) {
  nlohmann::ordered_json j;
  j["kind"] = kind_name(e.kind);
  j["ts"] = e.ts;
  j["account"] = e.account;
  switch (e.kind) {
  case record_kind::tx:
  case record_kind::reject:
    j["api_key"] = e.api_key;
    j["tx_type"] = e.tx_type;
    j["nonce"] = e.nonce;
    j["tx_hash"] = e.tx_hash;
    if (e.kind == record_kind::reject) {
      j["code"] = e.code;
      j["message"] = e.message;
    }
    break;
  case record_kind::order:
    j["market_id"] = e.market_id;
    j["order_index"] = e.order_index;
    j["client_order_index"] = e.client_order_index;
    j["is_ask"] = e.is_ask;
    j["price"] = e.price;
    j["size"] = e.size;
    j["remaining"] = e.remaining;
    j["status"] = e.status;
    j["tx_hash"] = e.tx_hash;
    break;
  case record_kind::fill:
    j["market_id"] = e.market_id;
    j["order_index"] = e.order_index;
    j["client_order_index"] = e.client_order_index;
    j["is_ask"] = e.is_ask;
    j["price"] = e.price;
    j["size"] = e.size;
    j["remaining"] = e.remaining;
    j["trade_id"] = e.trade_id;
    j["maker"] = e.maker;
    j["fee_micro"] = e.fee_micro;
    j["position_after"] = e.position_after;
    break;
  case record_kind::cancel_all_fired:
    j["market_id"] = e.market_id;
    break;
  case record_kind::nonce_desync:
    j["api_key"] = e.api_key;
    j["nonce"] = e.nonce;
    break;
  }
  return j.dump();
}

} // namespace trailgrid::sim
