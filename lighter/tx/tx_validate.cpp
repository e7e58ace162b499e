#include "lighter/tx/tx_validate.hpp"

#include <limits>

namespace trailgrid::lighter {

namespace {

using opt_error = std::optional<tx_violation>;

const char* name_of(tx_field f) {
  switch (f) {
  case tx_field::attributes:
    return "L2TxAttributes";
  case tx_field::account_index:
    return "AccountIndex";
  case tx_field::api_key_index:
    return "ApiKeyIndex";
  case tx_field::market_index:
    return "MarketIndex";
  case tx_field::client_order_index:
    return "ClientOrderIndex";
  case tx_field::index:
    return "Index";
  case tx_field::base_amount:
    return "BaseAmount";
  case tx_field::price:
    return "Price";
  case tx_field::is_ask:
    return "IsAsk";
  case tx_field::type:
    return "Type";
  case tx_field::time_in_force:
    return "TimeInForce";
  case tx_field::reduce_only:
    return "ReduceOnly";
  case tx_field::trigger_price:
    return "TriggerPrice";
  case tx_field::order_expiry:
    return "OrderExpiry";
  case tx_field::time:
    return "Time";
  case tx_field::nonce:
    return "Nonce";
  case tx_field::expired_at:
    return "ExpiredAt";
  }
  return "?";
}

std::string range_text(int64_t lo, int64_t hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

opt_error violation(tx_field f, std::string message) {
  return tx_violation{f, std::move(message)};
}

opt_error out_of_range(tx_field f, int64_t v, const std::string& allowed) {
  return violation(f, std::string(name_of(f)) + " " + std::to_string(v) +
                          " is out of range (allowed " + allowed + ")");
}

opt_error check_range(tx_field f, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) return out_of_range(f, v, range_text(lo, hi));
  return std::nullopt;
}

struct attribute_rule {
  int64_t min;
  int64_t max;
  int64_t nil;
  const char* name;
};

const attribute_rule* rule_of(uint8_t type) {
  static const attribute_rule rules[] = {
      {0, limits::max_account_index, 0, "integrator account index"},
      {0, limits::fee_tick, 0, "integrator taker fee"},
      {0, limits::fee_tick, 0, "integrator maker fee"},
      {1, 1, 0, "skip nonce"},
      {0, limits::nil_market_index, limits::nil_market_index,
       "cancel-all market index"},
      {0, 3, 0, "self-trade behaviour"},
      {0, 1, 0, "self-trade equality"},
  };
  if (type < 1 || type > 7) return nullptr;
  return &rules[type - 1];
}

int64_t value_or_nil(const tx_attributes& a, uint8_t type) {
  auto i = a.find(type);
  return i == a.end() ? rule_of(type)->nil : i->second;
}

opt_error check_account(int64_t v) {
  return check_range(tx_field::account_index, v, limits::min_account_index,
                     limits::max_account_index);
}

opt_error check_api_key(uint8_t v) {
  return check_range(tx_field::api_key_index, v, 0, limits::max_api_key_index);
}

bool is_perps_market(int16_t m) {
  return m >= 0 && m <= limits::max_perps_market_index;
}

bool is_spot_market(int16_t m) {
  return m >= limits::min_spot_market_index &&
         m <= limits::max_spot_market_index;
}

opt_error check_market(int16_t m) {
  if (!is_perps_market(m) && !is_spot_market(m))
    return out_of_range(tx_field::market_index, m,
                        "0..254 (perps) or 2048..4094 (spot)");
  return std::nullopt;
}

opt_error check_order_index(int64_t v) {
  return check_range(tx_field::index, v, 1, limits::max_order_index);
}

opt_error check_nonce_expiry(int64_t nonce, int64_t expired_at) {
  if (nonce < 0) return out_of_range(tx_field::nonce, nonce, ">= 0");
  return check_range(tx_field::expired_at, expired_at, 0,
                     limits::max_timestamp);
}

opt_error check_price(tx_field field, uint32_t v) {
  if (v == 0) return out_of_range(field, v, "1..4294967295");
  return std::nullopt;
}

opt_error check_attributes(const tx_attributes& a);

#define TG_TRY(expr)                                                           \
  do {                                                                         \
    if (auto err_ = (expr)) return err_;                                       \
  } while (false)

opt_error validate_create(const create_order_tx& t) {
  using f = tx_field;
  TG_TRY(check_attributes(t.attributes));
  TG_TRY(check_account(t.account_index));
  TG_TRY(check_api_key(t.api_key_index));
  TG_TRY(check_market(t.market_index));
  bool perps = is_perps_market(t.market_index);
  if (t.client_order_index != 0)
    TG_TRY(check_range(f::client_order_index, t.client_order_index, 1,
                       limits::max_client_order_index));
  if (t.reduce_only != 1 && t.base_amount == 0)
    return out_of_range(f::base_amount, 0,
                        "1.." + std::to_string(limits::max_base_amount) +
                            "; 0 only with ReduceOnly=1");
  if (t.base_amount != 0)
    TG_TRY(
        check_range(f::base_amount, t.base_amount, 1, limits::max_base_amount));
  TG_TRY(check_price(f::price, t.price));
  TG_TRY(check_range(f::is_ask, t.is_ask, 0, 1));
  TG_TRY(check_range(f::time_in_force, t.time_in_force, 0, 2));
  TG_TRY(check_range(f::reduce_only, t.reduce_only, 0, 1));
  if (!perps && t.reduce_only == 1)
    return violation(f::reduce_only, "ReduceOnly must be 0 on a spot market");
  if (t.order_expiry < 0)
    return out_of_range(f::order_expiry, t.order_expiry,
                        "0 (none) or a unix time in ms >= 1");
  const bool ioc = t.time_in_force == 0;
  const bool no_expiry = t.order_expiry == 0;
  const bool no_trigger = t.trigger_price == 0;
  auto perps_only = [&] {
    return violation(f::type, "Type " + std::to_string(t.type) +
                                  " is only allowed on perps markets");
  };
  switch (t.type) {
  case 1: // market
    if (!ioc)
      return violation(f::time_in_force,
                       "TimeInForce must be 0 (IOC) for a market order");
    if (!no_expiry)
      return violation(f::order_expiry,
                       "OrderExpiry must be 0 for a market order");
    if (!no_trigger)
      return violation(f::trigger_price,
                       "TriggerPrice must be 0 for a market order");
    break;
  case 0: // limit
    if (!no_trigger)
      return violation(f::trigger_price,
                       "TriggerPrice must be 0 for a limit order");
    if (ioc && !no_expiry)
      return violation(f::order_expiry,
                       "OrderExpiry must be 0 for an IOC limit order");
    if (!ioc && no_expiry)
      return violation(f::order_expiry, "OrderExpiry must be non-zero for a "
                                        "GTT or post-only limit order");
    break;
  case 2: // stop loss
  case 4: // take profit
    if (!perps) return perps_only();
    if (!ioc)
      return violation(f::time_in_force,
                       "TimeInForce must be 0 (IOC) for a stop-loss or "
                       "take-profit order");
    if (no_trigger)
      return violation(f::trigger_price,
                       "TriggerPrice must be non-zero for a stop-loss "
                       "or take-profit order");
    if (no_expiry)
      return violation(f::order_expiry,
                       "OrderExpiry must be non-zero for a stop-loss or "
                       "take-profit order");
    break;
  case 3: // stop loss limit
  case 5: // take profit limit
    if (!perps) return perps_only();
    if (no_trigger)
      return violation(f::trigger_price,
                       "TriggerPrice must be non-zero for a stop-loss "
                       "or take-profit limit order");
    if (no_expiry)
      return violation(f::order_expiry,
                       "OrderExpiry must be non-zero for a stop-loss or "
                       "take-profit limit order");
    break;
  case 6: // TWAP
    if (t.time_in_force != 1)
      return violation(f::time_in_force,
                       "TimeInForce must be 1 (GTT) for a TWAP order");
    if (!no_trigger)
      return violation(f::trigger_price,
                       "TriggerPrice must be 0 for a TWAP order");
    if (no_expiry)
      return violation(f::order_expiry,
                       "OrderExpiry must be non-zero for a TWAP order");
    break;
  default:
    return out_of_range(f::type, t.type, "0..6");
  }
  return check_nonce_expiry(t.nonce, t.expired_at);
}

opt_error validate_cancel(const cancel_order_tx& t) {
  TG_TRY(check_attributes(t.attributes));
  TG_TRY(check_account(t.account_index));
  TG_TRY(check_api_key(t.api_key_index));
  TG_TRY(check_market(t.market_index));
  TG_TRY(check_order_index(t.index));
  return check_nonce_expiry(t.nonce, t.expired_at);
}

opt_error validate_cancel_all(const cancel_all_orders_tx& t) {
  using f = tx_field;
  TG_TRY(check_attributes(t.attributes));
  TG_TRY(check_account(t.account_index));
  if (t.api_key_index > limits::max_api_key_index &&
      t.api_key_index != limits::nil_api_key_index)
    return out_of_range(f::api_key_index, t.api_key_index, "0..254 or 255");
  TG_TRY(check_nonce_expiry(t.nonce, t.expired_at));
  auto m = t.attributes.find(attribute::cancel_all_market_index);
  // A market filter makes every time in force but immediate invalid.
  if (m != t.attributes.end() && t.time_in_force != 0 &&
      m->second != limits::nil_market_index)
    return violation(f::time_in_force,
                     "L2TxAttributes 5 (cancel-all market index) is only "
                     "allowed with TimeInForce 0 (immediate)");
  switch (t.time_in_force) {
  case 0:
  case 2:
    if (t.time != 0)
      return out_of_range(f::time, t.time,
                          "0 for TimeInForce 0 (immediate) and 2 (abort)");
    break;
  case 1:
    TG_TRY(
        check_range(f::time, t.time, 1, std::numeric_limits<int64_t>::max()));
    break;
  default:
    return out_of_range(f::time_in_force, t.time_in_force,
                        "0 (immediate), 1 (scheduled), 2 (abort)");
  }
  return std::nullopt;
}

opt_error validate_modify(const modify_order_tx& t) {
  TG_TRY(check_attributes(t.attributes));
  TG_TRY(check_account(t.account_index));
  TG_TRY(check_api_key(t.api_key_index));
  TG_TRY(check_market(t.market_index));
  TG_TRY(check_order_index(t.index));
  if (t.base_amount != 0)
    TG_TRY(check_range(tx_field::base_amount, t.base_amount, 1,
                       limits::max_base_amount));
  TG_TRY(check_price(tx_field::price, t.price));
  return check_nonce_expiry(t.nonce, t.expired_at);
}

#undef TG_TRY

opt_error check_attributes(const tx_attributes& a) {
  auto bad = [](std::string message) {
    return violation(tx_field::attributes, std::move(message));
  };
  if (a.empty()) return std::nullopt;
  if (a.size() > limits::max_attributes)
    return bad("L2TxAttributes has " + std::to_string(a.size()) +
               " entries (at most 4 allowed)");
  for (const auto& [type, value] : a) {
    const auto* r = rule_of(type);
    if (r == nullptr)
      return bad("L2TxAttributes type " + std::to_string(type) +
                 " is unknown (allowed 1..7)");
    if (value < r->min || value > r->max)
      return bad("L2TxAttributes " + std::to_string(type) + " (" + r->name +
                 ") value " + std::to_string(value) +
                 " is out of range (allowed " + range_text(r->min, r->max) +
                 ")");
  }
  auto non_nil = [&](uint8_t t) {
    return value_or_nil(a, t) != rule_of(t)->nil;
  };
  bool fees = non_nil(attribute::integrator_taker_fee) ||
              non_nil(attribute::integrator_maker_fee);
  if (fees && !non_nil(attribute::integrator_account_index))
    return bad("L2TxAttributes 2/3 (integrator fees) require "
               "attribute 1 (integrator account index)");
  bool self_trade = non_nil(attribute::self_trade_behavior) ||
                    non_nil(attribute::self_trade_equality);
  if (self_trade && fees)
    return bad("L2TxAttributes 6/7 (self-trade) cannot be combined "
               "with integrator fees");
  if (value_or_nil(a, attribute::self_trade_behavior) == 3 &&
      value_or_nil(a, attribute::self_trade_equality) == 1)
    return bad("L2TxAttributes 6 = 3 (reduce) cannot be combined "
               "with 7 = 1 (master account equality)");
  return std::nullopt;
}

} // namespace

bool attribute_is_nil(uint8_t type, int64_t value) {
  const auto* r = rule_of(type);
  return r != nullptr && value == r->nil;
}

std::optional<std::string> validate_attributes(const tx_attributes& a) {
  if (auto v = check_attributes(a)) return std::move(v->message);
  return std::nullopt;
}

std::optional<tx_violation> find_violation(const any_tx& tx) {
  switch (tx.index()) {
  case 0:
    return validate_create(std::get<0>(tx));
  case 1:
    return validate_cancel(std::get<1>(tx));
  case 2:
    return validate_cancel_all(std::get<2>(tx));
  default:
    return validate_modify(std::get<3>(tx));
  }
}

std::optional<std::string> validate(const any_tx& tx) {
  if (auto v = find_violation(tx)) return std::move(v->message);
  return std::nullopt;
}

} // namespace trailgrid::lighter
