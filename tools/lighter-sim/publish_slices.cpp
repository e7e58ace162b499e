#include "tools/lighter-sim/publish_slices.hpp"

#include <map>
#include <optional>

namespace trailgrid::sim {

namespace {

// The market an event belongs to; nothing for an account-wide one.
std::optional<int> market_of(const sim_event& e) {
  struct visitor {
    std::optional<int> operator()(const order_event& x) const {
      return x.order.market_id;
    }
    std::optional<int> operator()(const trade_event& x) const {
      return x.trade.market_id;
    }
    std::optional<int> operator()(const position_event& x) const {
      return x.market_id;
    }
    std::optional<int> operator()(const balance_event&) const {
      return std::nullopt;
    }
    std::optional<int> operator()(const book_event& x) const {
      return x.market_id;
    }
    std::optional<int> operator()(const stats_event& x) const {
      return x.market_id;
    }
  };
  return std::visit(visitor{}, e);
}

} // namespace

std::vector<std::vector<sim_event>>
slice_for_publish(std::vector<sim_event> events, size_t markets_per_slice) {
  std::vector<std::vector<sim_event>> out;
  if (events.empty()) return out;
  if (markets_per_slice == 0) {
    out.push_back(std::move(events));
    return out;
  }
  std::map<int, size_t> slice_of; // market -> its slice
  size_t markets_in_last = 0;
  std::vector<sim_event> account_wide;
  for (auto& e : events) {
    auto market = market_of(e);
    if (!market) {
      account_wide.push_back(std::move(e));
      continue;
    }
    auto it = slice_of.find(*market);
    if (it == slice_of.end()) {
      if (out.empty() || markets_in_last == markets_per_slice) {
        out.emplace_back();
        markets_in_last = 0;
      }
      ++markets_in_last;
      it = slice_of.emplace(*market, out.size() - 1).first;
    }
    out[it->second].push_back(std::move(e));
  }
  if (!account_wide.empty()) {
    if (out.empty()) out.emplace_back();
    for (auto& e : account_wide)
      out.back().push_back(std::move(e));
  }
  return out;
}

} // namespace trailgrid::sim
