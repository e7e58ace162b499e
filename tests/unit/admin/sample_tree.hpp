#pragma once

// A small node tree as a node root answers it (root -> signer, BTC market
// with feed/atr/grid/executor), shared by the admin tests.

#include "messages/status.hpp"

namespace admin_test {

using trailgrid::messages::actor_status;
using trailgrid::messages::run_state;

inline actor_status leaf(std::string name, std::string kind,
                         std::map<std::string, std::string> figures = {}) {
  actor_status s;
  s.name = std::move(name);
  s.kind = std::move(kind);
  s.uptime_ms = 65'000;
  s.figures = std::move(figures);
  return s;
}

inline actor_status sample_tree() {
  auto root = leaf("market-a", "node_root", {{"markets", "1"}});
  root.uptime_ms = 7'500'000;
  auto signer = leaf("signer", "signer",
                     {{"sigs_per_s", "4"},
                      {"signatures", "120"},
                      {"key.2.next_nonce", "1007"},
                      {"key.2.synced", "yes"}});
  auto btc = leaf("BTC", "market_supervisor", {{"market_index", "1"}});
  auto feed = leaf("BTC/feed", "feed", {{"reconnects", "2"}});
  feed.state = run_state::backing_off;
  feed.attempt = 2;
  feed.next_retry_in_ms = 1'500;
  feed.restarts = 3;
  auto atr = leaf("BTC/atr", "atr", {{"atr_pct", "0.25 %"}});
  auto grid = leaf("BTC/grid", "grid",
                   {{"mid", "98,500.5"},
                    {"atr_pct", "0.25 %"},
                    {"spacing", "0.12 %"},
                    {"centre_source", "filled_price"},
                    {"live_orders", "20"},
                    {"position", "-0.004"},
                    {"realised_pnl", "12.5"},
                    {"volume", "1,234.0"},
                    {"resets", "7"},
                    {"fills", "9"},
                    {"resets_per_hour", "7"},
                    {"last_reset_latency_ms", "42"},
                    {"reset_latency_us.le.1000", "0"},
                    {"reset_latency_us.le.50000", "6"},
                    {"reset_latency_us.count", "7"},
                    {"reset_latency_us.sum", "300500"}});
  grid.mailbox_size = 3;
  auto exec =
      leaf("BTC/executor", "executor",
           {{"api_key", "5"}, {"live_orders", "20"}, {"nonce_errors", "0"}});
  btc.children = {feed, atr, grid, exec};
  root.children = {signer, btc};
  return root;
}

} // namespace admin_test
