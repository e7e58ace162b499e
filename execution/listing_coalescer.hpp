#pragma once

// The gateway's pure core for reading the account's active orders.
//
// Every market's executor asks for its live orders (at start, after an
// unknown outcome, on every periodic reconcile). One REST read per ask
// spends the account's REST budget market by market: 25 markets
// reconciling every 20 s already exceed Standard's 60 requests a minute.
// The exchange lists every market's orders in one read, so asks are served
// by account-wide reads, one at a time: an ask joins the next read, never
// one already sent (which may predate it, and miss an order the asker
// placed just before asking); when a read completes, its askers get their
// markets' orders and the asks that came meanwhile start the next read.
// At most two reads answer any burst of asks. A read whose asks are all for
// one market (the periodic reconcile, one market at a time) lists only that
// market: the same request weight, a hundredth of the payload at 100 markets.

#include <cstdint>
#include <optional>
#include <vector>

namespace trailgrid::execution {

/// One ask for a market's live orders.
struct listing_ask {
  uint64_t id = 0; ///< the caller's handle
  int32_t market = 0;
};

class listing_coalescer {
public:
  /// A new ask. True when the caller must start a read now (none is in
  /// flight); otherwise it waits for the next one.
  bool ask(uint64_t id, int32_t market);
  /// A read starts: it answers every ask made so far.
  void start();
  /// The read in flight completed (or failed): the asks it answers. Then
  /// has_waiting() says whether to start the next read.
  std::vector<listing_ask> finish();

  /// The one market every ask of the read in flight is for, or nullopt
  /// when they are for several: then the read lists the whole account.
  std::optional<int32_t> scope() const;

  bool in_flight() const { return in_flight_; }
  bool has_waiting() const { return !waiting_.empty(); }
  /// Reads started so far.
  uint64_t reads() const { return reads_; }
  /// Asks answered by a read that another ask had started.
  uint64_t joined() const { return joined_; }

private:
  std::vector<listing_ask> waiting_;
  std::vector<listing_ask> reading_;
  bool in_flight_ = false;
  uint64_t reads_ = 0;
  uint64_t joined_ = 0;
};

} // namespace trailgrid::execution
