#include "actors/lighter_tx_signer.hpp"

#include "lighter/tx/tx_validate.hpp"

#include <limits>

namespace trailgrid::actors {

namespace {

using messages::tx_intent;
using messages::tx_kind;

// A uint32 wire field (prices); the validator checks the finer range.
bool fits_u32(int64_t v) {
  return v >= 0 && v <= int64_t{std::numeric_limits<uint32_t>::max()};
}

bool fits_i16(int64_t v) {
  return v >= std::numeric_limits<int16_t>::min() &&
         v <= std::numeric_limits<int16_t>::max();
}

lighter::failure out_of_range(const char* field, int64_t v) {
  return {std::string{field} + " " + std::to_string(v) +
          " does not fit its wire field"};
}

lighter::result<lighter::any_tx> create_of(const tx_intent& x, int64_t nonce,
                                           const lighter_account& a) {
  if (!fits_i16(x.market_index))
    return out_of_range("MarketIndex", x.market_index);
  if (!fits_u32(x.price.value)) return out_of_range("Price", x.price.value);
  if (!fits_u32(x.trigger_price.value))
    return out_of_range("TriggerPrice", x.trigger_price.value);
  lighter::create_order_tx t;
  t.account_index = a.account_index;
  t.api_key_index = a.api_key_index;
  t.market_index = static_cast<int16_t>(x.market_index);
  t.client_order_index = x.client_order_index;
  t.base_amount = x.base_amount.value;
  t.price = static_cast<uint32_t>(x.price.value);
  t.is_ask = x.is_ask ? 1 : 0;
  t.type = x.order_type;
  t.time_in_force = x.time_in_force;
  t.reduce_only = x.reduce_only ? 1 : 0;
  t.trigger_price = static_cast<uint32_t>(x.trigger_price.value);
  t.order_expiry = x.order_expiry_ms;
  t.expired_at = x.expired_at_ms;
  t.nonce = nonce;
  return lighter::any_tx{t};
}

lighter::result<lighter::any_tx> cancel_of(const tx_intent& x, int64_t nonce,
                                           const lighter_account& a) {
  if (!fits_i16(x.market_index))
    return out_of_range("MarketIndex", x.market_index);
  lighter::cancel_order_tx t;
  t.account_index = a.account_index;
  t.api_key_index = a.api_key_index;
  t.market_index = static_cast<int16_t>(x.market_index);
  t.index = x.cancel_index;
  t.expired_at = x.expired_at_ms;
  t.nonce = nonce;
  return lighter::any_tx{t};
}

lighter::result<lighter::any_tx>
cancel_all_of(const tx_intent& x, int64_t nonce, const lighter_account& a) {
  lighter::cancel_all_orders_tx t;
  t.account_index = a.account_index;
  t.api_key_index = a.api_key_index;
  t.time_in_force = x.time_in_force;
  t.time = x.cancel_all_time_ms;
  t.expired_at = x.expired_at_ms;
  t.nonce = nonce;
  // One market only: attribute 5 (lighter-protocol.md 4.4); 255 = all
  // markets, the nil value, so the attribute is left out.
  if (x.market_index != lighter::limits::nil_market_index) {
    if (x.market_index < 0 || x.market_index > 255)
      return out_of_range("CancelAllMarketIndex", x.market_index);
    t.attributes[lighter::attribute::cancel_all_market_index] = x.market_index;
  }
  return lighter::any_tx{t};
}

} // namespace

lighter::result<lighter::any_tx> to_lighter_tx(const tx_intent& intent,
                                               int64_t nonce,
                                               const lighter_account& account) {
  switch (intent.kind) {
  case tx_kind::create_order:
    return create_of(intent, nonce, account);
  case tx_kind::cancel_order:
    return cancel_of(intent, nonce, account);
  case tx_kind::cancel_all_orders:
    return cancel_all_of(intent, nonce, account);
  }
  return lighter::failure{"unknown tx kind " +
                          std::to_string(static_cast<int>(intent.kind))};
}

lighter::result<std::shared_ptr<lighter_tx_signer>>
lighter_tx_signer::from_private_key_hex(std::string_view hex,
                                        lighter_account account) {
  auto key = lighter::signer::from_private_key_hex(hex);
  if (!key) return lighter::failure{key.error()};
  return std::make_shared<lighter_tx_signer>(std::move(*key), account);
}

lighter_tx_signer::lighter_tx_signer(lighter::signer key,
                                     lighter_account account)
    : key_(std::move(key)), account_(account) {}

sign_outcome lighter_tx_signer::sign(const tx_intent& intent, int64_t nonce) {
  auto tx = to_lighter_tx(intent, nonce, account_);
  if (!tx) return sign_failure{tx.error().message};
  auto signed_tx = key_.sign_tx(*tx, account_.chain_id);
  if (!signed_tx) return sign_failure{signed_tx.error().message};
  return signed_payload{std::move(signed_tx->tx_info_json),
                        std::move(signed_tx->tx_hash_hex)};
}

auth_outcome lighter_tx_signer::auth_token(int64_t deadline_unix_s) {
  auto t = key_.auth_token(account_.account_index, account_.api_key_index,
                           deadline_unix_s);
  if (!t) return sign_failure{t.error().message};
  return t.value();
}

} // namespace trailgrid::actors
