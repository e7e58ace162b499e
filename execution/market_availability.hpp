#pragma once

// Which of the node's markets the exchange lets us quote, from its own
// figures: the root status (GET /) and each market's orderBookDetails
// `status`. Pure: the caller polls and feeds the answers in; it gets back
// only the changes, each with a reason for the log line.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// A market whose availability changed.
struct availability_change {
  int market = 0;
  bool active = true;
  std::string why; ///< "market status inactive", "exchange maintenance ..."
};

/// True when the root status `status` means the exchange runs: 200 on the
/// real exchange, 1 on lighter-sim; anything else is maintenance.
bool exchange_running(int64_t status);

/// Tracks the availability of a fixed set of markets. Every market starts
/// active (the bot checked the status before it started quoting).
class market_availability {
public:
  explicit market_availability(std::vector<int> markets);

  /// The root status answered `status`: maintenance makes every market not
  /// active, running again restores each market's own status.
  std::vector<availability_change> on_exchange_status(int64_t status);
  /// orderBookDetails answered: `status` per market id ("active", ...);
  /// a tracked market missing from the answer is left as it was.
  std::vector<availability_change>
  on_market_statuses(const std::map<int, std::string>& status);

  /// The current availability of `market` (true for an unknown one).
  bool active(int market) const;
  /// True while the root status says maintenance.
  bool maintenance() const { return maintenance_; }

private:
  std::vector<availability_change> settle();

  struct entry {
    std::string status = "active"; ///< the market's own status
    bool published = true;         ///< what the node was told last
  };
  std::map<int, entry> markets_;
  bool maintenance_ = false;
  int64_t root_status_ = 0;
};

} // namespace trailgrid::execution
