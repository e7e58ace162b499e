#pragma once

#include "strategy/grid_plan.hpp"
#include "strategy/params.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace trailgrid::strategy {

/// Why a grid is being replaced.
enum class reset_reason : uint8_t {
  start,    ///< first grid after warm-up
  fill,     ///< one of our orders filled
  trailing, ///< the price stayed beyond the grid (trailing range)
  resume,   ///< quoting again after the breaker or a halt
  exposure, ///< the node's exposure cap engaged or released (reduce-only)
  balance,  ///< the exchange's free collateral no longer covers the grid
  position, ///< the exchange reported a position the grid had not booked
};

/// Why everything of this market is being cancelled.
enum class cancel_reason : uint8_t {
  breaker,         ///< volatility breaker tripped
  halt,            ///< drawdown stop or operator kill switch
  market_inactive, ///< the exchange reports the market not active
};

/// Why quoting stopped until an operator resumes.
enum class halt_reason : uint8_t {
  drawdown,         ///< equity fell max_drawdown below the session peak
  operator_request, ///< kill switch
  /// the node's summed equity fell [risk] max_account_drawdown_quote below
  /// its peak (every market of the node halts)
  account_drawdown,
};

/// Parses the spelling of to_string(halt_reason); nothing when unknown.
std::optional<halt_reason> parse_halt_reason(std::string_view s);

/// Config/log spelling of the enums.
std::string_view to_string(reset_reason r);
/// See to_string(reset_reason).
std::string_view to_string(cancel_reason r);
/// See to_string(reset_reason).
std::string_view to_string(halt_reason r);

/// Replace this market's orders with exactly `plan` (cancel every live
/// order, create every level). Answer with reset_done_event{reset_id}.
struct replace_grid_command {
  uint64_t reset_id = 0;
  reset_reason why = reset_reason::start;
  grid_plan plan;
  /// The centre source actually used (market_mid after a fallback).
  mid_price_source source = mid_price_source::filled_price;
  bool source_fallback = false; ///< the configured source had no data
  bool guard_fallback = false;  ///< the sanity guard chose the market mid
  int64_t ts = 0;
};

/// Cancel every live order of this market (this market only).
struct cancel_all_command {
  cancel_reason why = cancel_reason::breaker;
  int64_t ts = 0;
};

/// Quoting has stopped until a resume_request_event.
struct halt_command {
  halt_reason why = halt_reason::operator_request;
  int64_t ts = 0;
};

/// Quoting resumes after a halt (a replace_grid follows when possible).
struct resume_command {
  int64_t ts = 0;
};

/// One command out of GridStrategy.
using strategy_command = std::variant<replace_grid_command, cancel_all_command,
                                      halt_command, resume_command>;

/// The commands one event produced, in order. Owned by the strategy and
/// reused from event to event so the reset path does not allocate: valid
/// until the next event is fed.
class command_buffer {
public:
  /// Number of commands.
  std::size_t size() const { return size_; }
  /// True when the event produced nothing.
  bool empty() const { return size_ == 0; }
  /// Command `i` (< size()).
  const strategy_command& operator[](std::size_t i) const { return slots_[i]; }
  /// Iteration over the commands.
  const strategy_command* begin() const { return slots_.data(); }
  /// See begin().
  const strategy_command* end() const { return slots_.data() + size_; }

  /// Forgets the commands, keeping their storage.
  void clear() { size_ = 0; }
  /// Appends a replace_grid, reusing the storage of an earlier one in the
  /// same slot (its plan's capacity) when there is one.
  replace_grid_command& add_replace();
  /// Appends a small command.
  void add(const cancel_all_command& c) { next() = c; }
  /// See add(const cancel_all_command&).
  void add(const halt_command& c) { next() = c; }
  /// See add(const cancel_all_command&).
  void add(const resume_command& c) { next() = c; }

private:
  strategy_command& next();

  std::vector<strategy_command> slots_;
  std::size_t size_ = 0;
};

} // namespace trailgrid::strategy
