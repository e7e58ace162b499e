#pragma once
// Reading the account's trades back far enough. The trades endpoint answers
// newest first, at most 100 a page; a gap in which the account traded more
// than one page needs the older pages too, or their fills are lost. Each
// page is an expensive request (weight 1200), so a read goes back only until
// a page's oldest trade is one the bot has booked already (or is at or
// before the time it reads back to), and never past a bound of pages.
#include "lighter/codec/rest_decoder.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace trailgrid::execution {

class trade_pages {
public:
  struct config {
    int page_size = 100; ///< the limit asked for (the exchange's maximum)
    int max_pages = 20;  ///< bound of one read
    /// Trades at or before this exchange time are known (0: no such bound).
    int64_t back_to_ms = 0;
  };

  explicit trade_pages(config cfg) : cfg_(cfg) {}

  /// After each page (newest first), before its fills are booked:
  /// `booked` says whether a trade's fill is booked already. Returns the
  /// cursor of the next page to read, or nothing: the page's oldest trade
  /// is known (the read is complete), it was the last page, or cut_short().
  std::optional<std::string>
  next(const lighter::trade_list& page,
       const std::function<bool(const lighter::trade&)>& booked);

  int pages() const { return pages_; }
  /// The bound of pages ended the read with older unknown trades unread.
  bool cut_short() const { return cut_short_; }

private:
  config cfg_;
  int pages_ = 0;
  bool cut_short_ = false;
};

} // namespace trailgrid::execution
