#pragma once

// A tick's events published a few markets at a time. The simulator has one
// thread: publishing 100 markets' frames in one go held it for about 11 ms of
// every 50 ms tick, and a transaction that arrived meanwhile waited for all
// of it, as a matching engine never waits for its market data. Between
// slices the thread answers transactions; their frames queue behind the
// slices still to go, so every channel's frames keep the exchange's order.

#include "tools/lighter-sim/exchange.hpp"

#include <cstddef>
#include <vector>

namespace trailgrid::sim {

/// Splits `events` into slices of the events of at most `markets_per_slice`
/// markets each, markets in order of their first event, each market's
/// events in their order. Account-wide events (a balance) go into the last
/// slice, after every market's. One slice when `markets_per_slice` is 0;
/// none for no events.
std::vector<std::vector<sim_event>>
slice_for_publish(std::vector<sim_event> events, size_t markets_per_slice);

} // namespace trailgrid::sim
