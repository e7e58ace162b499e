#pragma once

#include <string>

namespace trailgrid::lighter {

/// A signed transaction ready to send: its type id (lighter/codec/tx_type.hpp)
/// and its tx_info JSON object text exactly as the signer produced it (compact,
/// PascalCase keys). (Not named signed_tx: lighter/tx/signer.hpp owns that name
/// in this namespace, and two different classes of one name break the ODR in
/// any program linking both libraries.)
struct wire_tx {
  int tx_type = 0;
  std::string tx_info;
};

} // namespace trailgrid::lighter
