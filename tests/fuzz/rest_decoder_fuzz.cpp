// Every REST body decoder of lighter_codec over the same bytes: a body is
// outside input whatever endpoint it claims to answer.

#include "lighter/codec/error_classifier.hpp"
#include "lighter/codec/rest_decoder.hpp"
#include "tests/fuzz/fuzz_markets.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace trailgrid::lighter;

namespace {

template <class R>
void classify_error(const R& r) {
  if (!r && r.error().api) (void)classify(*r.error().api);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const market_table markets = trailgrid::fuzz::fuzz_markets();
  static rest_decoder dec;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  const market_decimals d{2, 4};
  classify_error(dec.order_books(body));
  classify_error(dec.order_book_details(body));
  classify_error(dec.next_nonce(body));
  classify_error(dec.accounts(body, markets));
  classify_error(dec.orders(body, markets));
  classify_error(dec.candles(body, d));
  classify_error(dec.candles(body, market_decimals{18, 18}));
  classify_error(dec.trades(body, markets));
  classify_error(dec.order_book_orders(body, d));
  classify_error(dec.order_book_depth(body, d));
  classify_error(dec.send_tx(body));
  classify_error(dec.error_body(body));
  classify_error(dec.fundings(body));
  classify_error(dec.funding_rates(body));
  classify_error(dec.status(body));
  classify_error(dec.withdrawal_delay(body));
  return 0;
}
