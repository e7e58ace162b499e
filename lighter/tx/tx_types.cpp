#include "lighter/tx/tx_types.hpp"

namespace trailgrid::lighter {

tx_type type_of(const any_tx& tx) {
  switch (tx.index()) {
  case 0:
    return tx_type::create_order;
  case 1:
    return tx_type::cancel_order;
  case 2:
    return tx_type::cancel_all_orders;
  default:
    return tx_type::modify_order;
  }
}

bool to_tx_type(int64_t id, tx_type& out) {
  switch (id) {
  case 14:
  case 15:
  case 16:
  case 17:
    out = static_cast<tx_type>(id);
    return true;
  default:
    return false;
  }
}

any_tx make_tx(tx_type t) {
  switch (t) {
  case tx_type::create_order:
    return create_order_tx{};
  case tx_type::cancel_order:
    return cancel_order_tx{};
  case tx_type::cancel_all_orders:
    return cancel_all_orders_tx{};
  case tx_type::modify_order:
  case tx_type::create_grouped_orders: // not signed here: to_tx_type refuses it
    break;
  }
  return modify_order_tx{};
}

const tx_attributes& attributes_of(const any_tx& tx) {
  return std::visit(
      [](const auto& t) -> const tx_attributes& { return t.attributes; }, tx);
}

} // namespace trailgrid::lighter
