#pragma once

// Finds the events worth a notification in a node's status tree, by
// comparing each tree with the one before: a market halted, a drawdown stop,
// a volatility breaker trip, the kill switch, the signer node or the
// account stream lost (after a grace period) and back, fills recovered from
// REST, actor restarts. Pure: the caller polls the root and passes the time.

#include "messages/status.hpp"
#include "runtime/notify/notify_event.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// How status_watch names and times its events.
struct watch_options {
  /// The node's name (subject of node-wide events).
  std::string node = "node";
  /// A hold (signer lost, account stream down) is reported once it has
  /// lasted this long: the signer link is "lost" for a moment at every
  /// start, and a stream reconnect of a second is no news.
  int64_t hold_grace_ms = 10'000;
};

/// Compares successive status trees of one node.
class status_watch {
public:
  /// A watch that has seen no tree yet.
  explicit status_watch(watch_options options = {});

  /// The events between the previous tree and `tree`, seen at `now_ms`.
  /// The first tree is a baseline: only conditions that are already bad
  /// (halted, kill switch, breaker) are reported, no counter changes.
  std::vector<notify_event> observe(const messages::actor_status& tree,
                                    int64_t now_ms);

private:
  struct facts {
    std::string kind;
    std::string market; ///< enclosing market_supervisor ("" outside)
    messages::run_state state = messages::run_state::running;
    uint32_t restarts = 0;
    std::map<std::string, std::string> figures;
  };
  struct hold {
    int64_t since_ms = 0;
    bool reported = false;
  };

  void flatten(const messages::actor_status& x, const std::string& market,
               std::map<std::string, facts>& out) const;
  void root_events(const facts& root, int64_t now_ms,
                   std::vector<notify_event>& out);
  void grid_events(const std::string& name, const facts& now,
                   const facts* before, int64_t now_ms,
                   std::vector<notify_event>& out) const;
  void actor_events(const std::string& name, const facts& now,
                    const facts* before, int64_t now_ms,
                    std::vector<notify_event>& out) const;

  watch_options options_;
  bool seen_ = false;
  std::map<std::string, facts> last_; ///< by actor name
  bool kill_active_ = false;
  std::map<std::string, hold> holds_; ///< by hold reason
};

} // namespace trailgrid::runtime
