#pragma once

// What a config reload would change: a key-level diff of two TOML texts and
// the plan of what a running node can apply (markets added, removed,
// restarted with new settings) and what needs a process restart.

#include "runtime/expected.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// One key that differs. Keys are flattened: "defaults.levels",
/// "market.BTC.order_size", "runtime.admin_port"; values are TOML text.
struct config_change {
  std::string key;
  std::optional<std::string> before; ///< nothing when added
  std::optional<std::string> after;  ///< nothing when removed
};

/// A reload: the diff and what the node will do with it.
struct reload_plan {
  std::vector<config_change> changes;
  std::vector<std::string> add_markets;    ///< new [[market]] symbols
  std::vector<std::string> remove_markets; ///< symbols no longer listed
  /// Entries whose keys changed; every market when [defaults] changed.
  std::vector<std::string> restart_markets;
  /// Changed keys outside [[market]] and [defaults] (exchange, risk,
  /// runtime): they take effect only when the node restarts.
  std::vector<std::string> needs_restart;
  /// New [[market]] tables as TOML text without `symbol` (add_market).
  std::map<std::string, std::string> market_settings;

  /// True when nothing differs.
  bool empty() const { return changes.empty(); }
};

/// Flattens a TOML text to key -> TOML value text ([[market]] entries keyed
/// by their symbol). Errors are toml11's parse messages.
expected<std::map<std::string, std::string>, std::string>
flatten_config(const std::string& text, const std::string& name);

/// Compares two config texts (both must parse).
expected<reload_plan, std::string> plan_reload(const std::string& before,
                                               const std::string& after,
                                               const std::string& name);

/// The plan for people: "- key = old" / "+ key = new" lines, then what the
/// node will do. "no changes" when empty.
std::string render_plan(const reload_plan& plan);

/// A short fingerprint (16 hex digits, FNV-1a 64) of a text; gridctl echoes
/// it to confirm it applies exactly the diff it showed.
std::string text_digest(const std::string& text);

} // namespace trailgrid::runtime
