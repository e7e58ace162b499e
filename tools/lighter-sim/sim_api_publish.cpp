// The part of sim_api that turns the exchange's events into the WebSocket
// channels' update frames and delivers them with the frame faults.

#include "tools/lighter-sim/sim_api.hpp"

#include "tools/lighter-sim/sim_json.hpp"

namespace trailgrid::sim {

namespace {
using json = nlohmann::json;
} // namespace

std::vector<out_frame> sim_api::publish(const std::vector<sim_event>& events,
                                        ms_t now) {
  // Group the events the way the exchange publishes them.
  std::vector<const book_event*> books;
  std::map<int, std::vector<const sim_trade*>> trades;
  std::map<int64_t, std::map<int64_t, const sim_order*>> orders;
  std::map<int64_t, std::set<int>> positions;
  std::set<int64_t> balances;
  std::set<int> stats;
  for (const auto& e : events) {
    if (auto* b = std::get_if<book_event>(&e))
      books.push_back(b);
    else if (auto* t = std::get_if<trade_event>(&e))
      trades[t->trade.market_id].push_back(&t->trade);
    else if (auto* o = std::get_if<order_event>(&e))
      orders[o->order.account][o->order.order_index] = &o->order;
    else if (auto* p = std::get_if<position_event>(&e))
      positions[p->account].insert(p->market_id);
    else if (auto* bl = std::get_if<balance_event>(&e))
      balances.insert(bl->account);
    else if (auto* s = std::get_if<stats_event>(&e))
      stats.insert(s->market_id);
  }
  // Frames per inbound channel (built once, shared by sessions).
  std::vector<std::pair<std::string, std::string>> frames;
  for (const auto* b : books) {
    const auto& mc = ex_.market(b->market_id)->cfg;
    const auto id = std::to_string(b->market_id);
    frames.emplace_back("order_book:" + id,
                        payload::order_book_frame(b->msg, mc).dump());
    frames.emplace_back(
        "ticker:" + id,
        payload::ticker_frame(ex_, b->market_id, false, now).dump());
  }
  for (const auto& [mid, list] : trades) {
    json arr = json::array();
    for (const auto* t : list)
      arr.push_back(payload::trade(*t, ex_));
    const auto ch = "trade:" + std::to_string(mid);
    frames.emplace_back(ch, json{{"channel", ch},
                                 {"liquidation_trades", json::array()},
                                 {"nonce", list.back()->trade_id},
                                 {"trades", arr},
                                 {"type", "update/trade"}}
                                .dump());
  }
  if (!stats.empty()) {
    json all;
    for (int mid : stats) {
      const auto ch = "market_stats:" + std::to_string(mid);
      json s = payload::market_stats(ex_, mid);
      all[std::to_string(mid)] = s;
      frames.emplace_back(ch, json{{"channel", ch},
                                   {"market_stats", s},
                                   {"timestamp", now},
                                   {"type", "update/market_stats"}}
                                  .dump());
    }
    frames.emplace_back("market_stats:all",
                        json{{"channel", "market_stats:all"},
                             {"market_stats", all},
                             {"timestamp", now},
                             {"type", "update/market_stats"}}
                            .dump());
  }
  for (const auto& [acc, by_index] : orders) {
    const auto a = std::to_string(acc);
    json all = json::object();
    std::map<int, json> per_market;
    for (const auto& [idx, o] : by_index) {
      all[std::to_string(o->market_id)].push_back(payload::order(*o, ex_));
      per_market[o->market_id].push_back(payload::order(*o, ex_));
    }
    const auto ch = "account_all_orders:" + a;
    frames.emplace_back(ch, json{{"account", acc},
                                 {"channel", ch},
                                 {"orders", all},
                                 {"type", "update/account_all_orders"}}
                                .dump());
    for (auto& [mid, list] : per_market) {
      const auto mch = "account_orders:" + std::to_string(mid) + ":" + a;
      frames.emplace_back(mch, json{{"account", acc},
                                    {"channel", mch},
                                    {"orders", {{std::to_string(mid), list}}},
                                    {"type", "update/account_orders"}}
                                   .dump());
    }
  }
  for (const auto& [mid, list] : trades)
    for (const auto* t : list)
      for (int64_t acc : {t->ask_account_id, t->bid_account_id}) {
        if (acc == ex_.cfg().background_account) continue;
        const auto ch = "account_all_trades:" + std::to_string(acc);
        frames.emplace_back(ch,
                            json{{"channel", ch},
                                 {"trades",
                                  {{std::to_string(mid),
                                    json::array({payload::trade(*t, ex_)})}}},
                                 {"type", "update/account_all_trades"}}
                                .dump());
      }
  // account_market:{M}:{A}: one market's changed orders, fills and position
  // of one account in one frame.
  {
    struct market_news {
      json orders = json::array();
      json trades = json::array();
      bool position = false;
    };
    std::map<std::pair<int64_t, int>, market_news> news;
    for (const auto& [acc, by_index] : orders)
      for (const auto& [idx, o] : by_index)
        news[{acc, o->market_id}].orders.push_back(payload::order(*o, ex_));
    for (const auto& [mid, list] : trades)
      for (const auto* t : list)
        for (int64_t acc : {t->ask_account_id, t->bid_account_id})
          if (acc != ex_.cfg().background_account)
            news[{acc, mid}].trades.push_back(payload::trade(*t, ex_));
    for (const auto& [acc, mids] : positions)
      for (int mid : mids)
        news[{acc, mid}].position = true;
    for (auto& [key, n] : news) {
      const auto& [acc, mid] = key;
      const auto ch =
          "account_market:" + std::to_string(mid) + ":" + std::to_string(acc);
      json f{{"account", acc},
             {"channel", ch},
             {"orders", std::move(n.orders)},
             {"trades", std::move(n.trades)},
             {"timestamp", now},
             {"type", "update/account_market"}};
      f["position"] = n.position
                          ? json::array({payload::position(ex_, acc, mid)})
                          : json::array();
      frames.emplace_back(ch, f.dump());
    }
  }
  for (const auto& [acc, mids] : positions) {
    json p = json::object();
    for (int mid : mids)
      p[std::to_string(mid)] = payload::position(ex_, acc, mid);
    const auto ch = "account_all_positions:" + std::to_string(acc);
    frames.emplace_back(ch, json{{"channel", ch},
                                 {"positions", p},
                                 {"shares", json::array()},
                                 {"type", "update/account_all_positions"}}
                                .dump());
  }
  for (int64_t acc : balances) {
    const auto a = std::to_string(acc);
    frames.emplace_back("user_stats:" + a,
                        json{{"channel", "user_stats:" + a},
                             {"stats", payload::user_stats(ex_, acc)},
                             {"timestamp", now},
                             {"type", "update/user_stats"}}
                            .dump());
    frames.emplace_back("account_all_assets:" + a,
                        json{{"assets", payload::assets(ex_, acc)},
                             {"channel", "account_all_assets:" + a},
                             {"timestamp", now},
                             {"type", "update/account_all_assets"}}
                            .dump());
  }
  // Deliver with the faults applied (and counted).
  std::vector<out_frame> out;
  const ms_t since = now - start_;
  auto& counts = ex_.faults_injected();
  for (const auto& [id, s] : sessions_) {
    std::vector<out_frame> mine;
    for (const auto& [ch, text] : frames) {
      if (!s.channels.count(ch)) continue;
      if (faults_.stalled(ch, since)) {
        ++counts.stalled_frames;
        if (ch.rfind("account_", 0) == 0) ++counts.stalled_account_frames;
        continue;
      }
      out_frame f{id, text, 0};
      if (faults_.malformed_frame(++data_seq_)) {
        f.text = faults_.malformed_text(data_seq_);
        ++counts.malformed_frames;
      }
      f.delay_ms = faults_.frame_delay(++frame_seq_);
      if (f.delay_ms > 0) ++counts.delayed_frames;
      mine.push_back(std::move(f));
    }
    for (size_t k = 0; k + 1 < mine.size(); ++k)
      if (faults_.reorder_frame(frame_seq_ + k)) {
        std::swap(mine[k], mine[k + 1]);
        ++counts.reordered_frames;
        ++k;
      }
    for (auto& f : mine)
      out.push_back(std::move(f));
  }
  return out;
}

} // namespace trailgrid::sim
