#include "tools/lighter-sim/sim_tx.hpp"

#include "lighter/tx/tx_validate.hpp"

#include <string>

namespace trailgrid::sim {

namespace {

using lighter::tx_field;

// The exchange's code (and its short text) for a violated field rule.
sim_error error_of(lighter::tx_type type, tx_field field) {
  const bool cancel_all = type == lighter::tx_type::cancel_all_orders;
  switch (field) {
  case tx_field::api_key_index:
    return {err::invalid_api_key_index, "invalid api key index"};
  case tx_field::market_index:
    return {err::invalid_market, "invalid market index"};
  case tx_field::client_order_index:
    return {err::invalid_client_order_index, "invalid client order index"};
  case tx_field::index:
    return {err::order_not_active, "order not found or not active"};
  case tx_field::base_amount:
    return {err::invalid_base_amount, "invalid base amount"};
  case tx_field::price:
    return {err::invalid_price, "invalid price"};
  case tx_field::type:
    return {err::invalid_order_type, "invalid order type"};
  case tx_field::time_in_force:
    return cancel_all ? sim_error{err::invalid_cancel_all_tif,
                                  "invalid cancel all time in force"}
                      : sim_error{err::invalid_tif, "invalid time in force"};
  case tx_field::order_expiry:
    return {err::invalid_expiry, "invalid order expiry"};
  case tx_field::time:
    return {err::invalid_cancel_all_time, "invalid cancel all time"};
  case tx_field::nonce:
    return {err::invalid_nonce, "invalid nonce"};
  case tx_field::expired_at:
    return {err::tx_expired, "transaction expired"};
  case tx_field::attributes:
  case tx_field::account_index:
  case tx_field::is_ask:
  case tx_field::reduce_only:
  case tx_field::trigger_price:
    break;
  }
  return {err::invalid_tx_info, "invalid tx info"};
}

} // namespace

tx_common common_of(const sim_tx& tx) {
  return std::visit(
      [](const auto& t) {
        auto skip = t.attributes.find(lighter::attribute::skip_nonce);
        return tx_common{t.account_index, t.api_key_index, t.expired_at,
                         t.nonce,
                         skip != t.attributes.end() && skip->second == 1};
      },
      tx);
}

int type_id_of(const sim_tx& tx) {
  return static_cast<int>(lighter::type_of(tx));
}

int market_filter_of(const cancel_all_orders_tx& tx) {
  auto it = tx.attributes.find(lighter::attribute::cancel_all_market_index);
  return it == tx.attributes.end() ? wire::nil_market
                                   : static_cast<int>(it->second);
}

std::variant<lighter::parsed_tx_info, sim_error>
parse_tx_info(int tx_type, std::string_view json) {
  lighter::tx_type type{};
  if (!lighter::to_tx_type(tx_type, type))
    return sim_error{err::invalid_tx_info,
                     "invalid tx info: tx type " + std::to_string(tx_type) +
                         " is not supported by the simulator"};
  auto parsed =
      lighter::parse_tx_info(type, json, lighter::sig_policy::optional);
  if (!parsed)
    return sim_error{err::invalid_tx_info,
                     "invalid tx info: " + parsed.error().message};
  return std::move(*parsed);
}

std::optional<sim_error> validate_tx(const sim_tx& tx) {
  auto v = lighter::find_violation(tx);
  if (!v) return std::nullopt;
  sim_error e = error_of(lighter::type_of(tx), v->field);
  e.message += ": " + v->message;
  return e;
}

} // namespace trailgrid::sim
