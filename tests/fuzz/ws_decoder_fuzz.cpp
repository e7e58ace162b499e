// WebSocket frames through lighter_codec's decoder, and order book frames on
// into a local order_book. The input is one or more frames separated by '\n'
// (a JSON frame never holds a raw newline it needs), so a snapshot followed
// by deltas exercises the book's state machine.

#include "lighter/codec/order_book.hpp"
#include "lighter/codec/ws_decoder.hpp"
#include "tests/fuzz/fuzz_markets.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace trailgrid::lighter;

namespace {

// What a good book must always be: both sides strictly sorted with the best
// at the back, positive sizes, and not crossed.
void check_book(const order_book& b) {
  if (b.needs_resync()) return;
  for (auto side : {book_side::bid, book_side::ask}) {
    for (size_t i = 0; i < b.level_count(side); ++i) {
      auto l = b.level(side, i);
      if (l.size.value <= 0) std::abort();
      if (i > 0) {
        auto better = b.level(side, i - 1);
        bool sorted = side == book_side::bid ? better.price > l.price
                                             : better.price < l.price;
        if (!sorted) std::abort();
      }
    }
  }
  auto bid = b.best_bid();
  auto ask = b.best_ask();
  if (bid && ask && !(bid->price < ask->price)) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const market_table markets = trailgrid::fuzz::fuzz_markets();
  static ws_decoder dec;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  order_book book;
  order_book_update fast;
  std::string error;
  while (!input.empty()) {
    size_t nl = input.find('\n');
    std::string_view frame = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view{}
                                         : input.substr(nl + 1);
    auto r = dec.decode(frame, markets);
    if (r) {
      if (auto* u = std::get_if<order_book_update>(&*r)) {
        book.apply(*u);
        check_book(book);
      }
    }
    if (dec.decode_order_book(frame, markets, fast, error)) {
      if (!r || !std::holds_alternative<order_book_update>(*r)) std::abort();
    }
  }
  (void)book.mid_price();
  (void)book.depth(book_side::bid, 5);
  (void)book.top(book_side::ask, 5);
  return 0;
}
