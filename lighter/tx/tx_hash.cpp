#include "lighter/tx/tx_hash.hpp"

#include "lighter/crypto/poseidon2.hpp"
#include "lighter/tx/tx_validate.hpp"

namespace trailgrid::lighter {

namespace {

// Go's g.GoldilocksField(x): the integer's bits as uint64 (sign-extended).
template <class T>
uint64_t fe(T v) {
  return crypto::gl::canon(static_cast<uint64_t>(static_cast<int64_t>(v)));
}

uint64_t fe_u(uint64_t v) { return crypto::gl::canon(v); }

struct element_builder {
  std::vector<uint64_t> out;
  void header(uint32_t chain_id, tx_type t, int64_t nonce, int64_t expired_at,
              int64_t account, uint8_t api_key) {
    out.push_back(fe_u(chain_id));
    out.push_back(fe_u(static_cast<uint8_t>(t)));
    out.push_back(fe(nonce));
    out.push_back(fe(expired_at));
    out.push_back(fe(account));
    out.push_back(fe_u(api_key));
  }
};

} // namespace

std::vector<uint64_t> tx_elements(const any_tx& tx, uint32_t chain_id) {
  element_builder b;
  b.out.reserve(16);
  switch (tx.index()) {
    case 0: {
      const auto& t = std::get<0>(tx);
      b.header(chain_id, tx_type::create_order, t.nonce, t.expired_at,
               t.account_index, t.api_key_index);
      b.out.push_back(fe(t.market_index));
      b.out.push_back(fe(t.client_order_index));
      b.out.push_back(fe(t.base_amount));
      b.out.push_back(fe_u(t.price));
      b.out.push_back(fe_u(t.is_ask));
      b.out.push_back(fe_u(t.type));
      b.out.push_back(fe_u(t.time_in_force));
      b.out.push_back(fe_u(t.reduce_only));
      b.out.push_back(fe_u(t.trigger_price));
      b.out.push_back(fe(t.order_expiry));
      break;
    }
    case 1: {
      const auto& t = std::get<1>(tx);
      b.header(chain_id, tx_type::cancel_order, t.nonce, t.expired_at,
               t.account_index, t.api_key_index);
      b.out.push_back(fe(t.market_index));
      b.out.push_back(fe(t.index));
      break;
    }
    case 2: {
      const auto& t = std::get<2>(tx);
      b.header(chain_id, tx_type::cancel_all_orders, t.nonce, t.expired_at,
               t.account_index, t.api_key_index);
      b.out.push_back(fe_u(t.time_in_force));
      b.out.push_back(fe(t.time));
      break;
    }
    default: {
      const auto& t = std::get<3>(tx);
      b.header(chain_id, tx_type::modify_order, t.nonce, t.expired_at,
               t.account_index, t.api_key_index);
      b.out.push_back(fe(t.market_index));
      b.out.push_back(fe(t.index));
      b.out.push_back(fe(t.base_amount));
      b.out.push_back(fe_u(t.price));
      b.out.push_back(fe_u(t.trigger_price));
      break;
    }
  }
  return std::move(b.out);
}

crypto::fp5 tx_base_hash(const any_tx& tx, uint32_t chain_id) {
  auto el = tx_elements(tx, chain_id);
  return crypto::hash_to_fp5(el.data(), el.size());
}

crypto::fp5 attributes_hash(const tx_attributes& attrs) {
  uint64_t el[2 * limits::max_attributes] = {};
  size_t i = 0;
  for (const auto& [type, value] : attrs) { // std::map: ascending type
    if (attribute_is_nil(type, value) || i == limits::max_attributes)
      continue;
    el[2 * i] = type;
    el[2 * i + 1] = fe(value);
    ++i;
  }
  return crypto::hash_to_fp5(el, 2 * limits::max_attributes);
}

crypto::fp5 tx_signed_hash(const any_tx& tx, uint32_t chain_id) {
  crypto::fp5 base = tx_base_hash(tx, chain_id);
  const auto& attrs = attributes_of(tx);
  bool any = false;
  for (const auto& [type, value] : attrs)
    any = any || !attribute_is_nil(type, value);
  if (!any)
    return base;
  return crypto::hash_to_fp5(base, attributes_hash(attrs));
}

} // namespace trailgrid::lighter
