#include "execution/trade_pages.hpp"

namespace trailgrid::execution {

std::optional<std::string>
trade_pages::next(const lighter::trade_list& page,
                  const std::function<bool(const lighter::trade&)>& booked) {
  ++pages_;
  if (page.trades.empty()) return std::nullopt;
  // The oldest trade decides: fills the stream delivered after the gap are
  // booked too, but they are the newest, and the gap's fills lie below them.
  const auto& oldest = page.trades.back();
  if ((cfg_.back_to_ms > 0 && oldest.timestamp_ms <= cfg_.back_to_ms) ||
      booked(oldest))
    return std::nullopt; // reached what is known: older pages are too
  // A short page or no cursor: the account has no older trades.
  if (static_cast<int>(page.trades.size()) < cfg_.page_size ||
      page.next_cursor.empty())
    return std::nullopt;
  if (pages_ >= cfg_.max_pages) {
    cut_short_ = true;
    return std::nullopt;
  }
  return page.next_cursor;
}

} // namespace trailgrid::execution
