// tx_info JSON as lighter-sim receives it in sendTx: parsed with lighter/tx
// (the exchange's rules), checked field by field, and a parsed transaction
// written back out must parse again. The first byte picks the tx type.

#include "lighter/tx/tx_json.hpp"
#include "lighter/tx/tx_validate.hpp"
#include "tools/lighter-sim/sim_tx.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace trailgrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // 14..17 are the types we speak; a few others must fail cleanly.
  int type = 12 + data[0] % 8;
  std::string_view json(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = sim::parse_tx_info(type, json);
  if (auto* p = std::get_if<lighter::parsed_tx_info>(&parsed)) {
    (void)sim::common_of(p->tx);
    (void)sim::type_id_of(p->tx);
    (void)sim::validate_tx(p->tx);
    (void)lighter::validate(p->tx);
    if (auto* c = std::get_if<lighter::cancel_all_orders_tx>(&p->tx))
      (void)sim::market_filter_of(*c);
    auto text = lighter::tx_info_json(
        p->tx, p->sig.value_or(lighter::crypto::signature_bytes{}));
    auto again = lighter::parse_tx_info(static_cast<lighter::tx_type>(type),
                                        text, lighter::sig_policy::required);
    if (!again) std::abort();
  }
  return 0;
}
