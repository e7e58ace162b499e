#include "tools/lighter-sim/sim_tx.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace trailgrid::sim {

namespace {

using json = nlohmann::json;

struct bad_field {
  std::string name;
};

int64_t field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_number_integer()) throw bad_field{name};
  return it->get<int64_t>();
}

// Nil values of the attribute types (tx_attributes.go).
int64_t attribute_nil(int type) {
  return type == 5 ? 255 : 0;
}

void read_common(const json& j, tx_common& c) {
  c.account_index = field(j, "AccountIndex");
  c.api_key_index = static_cast<int>(field(j, "ApiKeyIndex"));
  c.expired_at = field(j, "ExpiredAt");
  c.nonce = field(j, "Nonce");
  auto it = j.find("L2TxAttributes");
  if (it == j.end() || it->is_null()) return;
  if (!it->is_object()) throw bad_field{"L2TxAttributes"};
  for (const auto& [k, v] : it->items()) {
    if (!v.is_number_integer()) throw bad_field{"L2TxAttributes." + k};
    int type = 0;
    try {
      type = std::stoi(k);
    } catch (const std::exception&) {
      throw bad_field{"L2TxAttributes." + k};
    }
    int64_t value = v.get<int64_t>();
    if (value != attribute_nil(type)) c.attributes[type] = value;
  }
}

} // namespace

const tx_common& common_of(const sim_tx& tx) {
  return std::visit([](const auto& t) -> const tx_common& { return t.c; }, tx);
}

int type_of(const sim_tx& tx) {
  switch (tx.index()) {
  case 0:
    return tx_type::create_order;
  case 1:
    return tx_type::cancel_order;
  case 2:
    return tx_type::cancel_all;
  default:
    return tx_type::modify_order;
  }
}

std::variant<sim_tx, sim_error> parse_tx_info(int type, std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return sim_error{err::invalid_tx_info,
                     "invalid tx info: not a JSON object"};
  try {
    switch (type) {
    case tx_type::create_order: {
      create_order_tx t;
      read_common(j, t.c);
      t.market_index = static_cast<int>(field(j, "MarketIndex"));
      t.client_order_index = field(j, "ClientOrderIndex");
      t.base_amount = field(j, "BaseAmount");
      t.price = field(j, "Price");
      t.is_ask = static_cast<int>(field(j, "IsAsk"));
      t.type = static_cast<int>(field(j, "Type"));
      t.time_in_force = static_cast<int>(field(j, "TimeInForce"));
      t.reduce_only = static_cast<int>(field(j, "ReduceOnly"));
      t.trigger_price = field(j, "TriggerPrice");
      t.order_expiry = field(j, "OrderExpiry");
      return sim_tx{t};
    }
    case tx_type::cancel_order: {
      cancel_order_tx t;
      read_common(j, t.c);
      t.market_index = static_cast<int>(field(j, "MarketIndex"));
      t.index = field(j, "Index");
      return sim_tx{t};
    }
    case tx_type::cancel_all: {
      cancel_all_tx t;
      read_common(j, t.c);
      t.time_in_force = static_cast<int>(field(j, "TimeInForce"));
      t.time = field(j, "Time");
      auto it = t.c.attributes.find(5);
      if (it != t.c.attributes.end())
        t.market_filter = static_cast<int>(it->second);
      return sim_tx{t};
    }
    case tx_type::modify_order: {
      modify_order_tx t;
      read_common(j, t.c);
      t.market_index = static_cast<int>(field(j, "MarketIndex"));
      t.index = field(j, "Index");
      t.base_amount = field(j, "BaseAmount");
      t.price = field(j, "Price");
      t.trigger_price = field(j, "TriggerPrice");
      return sim_tx{t};
    }
    default:
      return sim_error{err::invalid_tx_info,
                       "invalid tx info: tx type " + std::to_string(type) +
                           " is not supported by the simulator"};
    }
  } catch (const bad_field& b) {
    return sim_error{err::invalid_tx_info,
                     "invalid tx info: missing or non-integer " + b.name};
  }
}

} // namespace trailgrid::sim
