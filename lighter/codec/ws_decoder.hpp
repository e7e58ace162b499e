#pragma once

#include "lighter/codec/market.hpp"
#include "lighter/codec/result.hpp"
#include "lighter/codec/ws_messages.hpp"

#include <memory>
#include <string_view>

namespace trailgrid::lighter {

/// Decodes WebSocket text frames into ws_message. Routes on `type` (and on
/// the `error` key for protocol errors), never on raw text; prices and sizes
/// are converted with the decimals of `markets`. A market-scoped frame of a
/// market the table does not know is an error; in multi-market frames such
/// entries are skipped and listed in `unknown_markets`. Holds a reusable
/// parser and buffer: one instance per connection/thread.
class ws_decoder {
public:
  ws_decoder();
  ~ws_decoder();
  ws_decoder(ws_decoder&&) noexcept;
  ws_decoder& operator=(ws_decoder&&) noexcept;

  /// Decodes one frame. Never throws.
  decode_result<ws_message> decode(std::string_view frame,
                                   const market_table& markets);

  /// The fast path for a market-data feed: decodes an order_book frame into
  /// `out`, reusing its vectors. Fails for any other frame type (use
  /// decode() then). Never throws.
  bool decode_order_book(std::string_view frame, const market_table& markets,
                         order_book_update& out, std::string& error);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace trailgrid::lighter
