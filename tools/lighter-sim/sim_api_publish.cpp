// The part of sim_api that turns the exchange's events into the WebSocket
// channels' update frames and delivers them with the frame faults.

#include "tools/lighter-sim/sim_api.hpp"

#include "tools/lighter-sim/sim_json.hpp"

namespace trailgrid::sim {

namespace {
using json = nlohmann::json;
} // namespace

void sim_api::add_reader(const std::string& channel, uint64_t session) {
  readers_[channel].insert(session);
}

void sim_api::remove_reader(const std::string& channel, uint64_t session) {
  auto it = readers_.find(channel);
  if (it == readers_.end()) return;
  it->second.erase(session);
  if (it->second.empty()) readers_.erase(it);
}

bool sim_api::has_readers(const std::string& channel) const {
  return readers_.count(channel) != 0;
}

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
  // Frames per inbound channel, built once (shared by sessions) and only
  // for channels some session reads: with many markets most of the
  // exchange's updates have no reader, and serialising them cost more than
  // everything else the simulator does.
  std::vector<std::pair<std::string, std::string>> frames;
  for (const auto* b : books) {
    const auto id = std::to_string(b->market_id);
    if (has_readers("order_book:" + id))
      frames.emplace_back(
          "order_book:" + id,
          payload::order_book_frame(b->msg, ex_.market(b->market_id)->cfg));
    if (has_readers("ticker:" + id))
      frames.emplace_back(
          "ticker:" + id,
          payload::ticker_frame(ex_, b->market_id, false, now).dump());
  }
  for (const auto& [mid, list] : trades) {
    const auto ch = "trade:" + std::to_string(mid);
    if (!has_readers(ch)) continue;
    json arr = json::array();
    for (const auto* t : list)
      arr.push_back(payload::trade(*t, ex_));
    frames.emplace_back(ch, json{{"channel", ch},
                                 {"liquidation_trades", json::array()},
                                 {"nonce", list.back()->trade_id},
                                 {"trades", arr},
                                 {"type", "update/trade"}}
                                .dump());
  }
  if (!stats.empty()) {
    const bool all_read = has_readers("market_stats:all");
    json all;
    for (int mid : stats) {
      const auto ch = "market_stats:" + std::to_string(mid);
      const bool read = has_readers(ch);
      if (!read && !all_read) continue;
      json s = payload::market_stats(ex_, mid);
      if (all_read) all[std::to_string(mid)] = s;
      if (read)
        frames.emplace_back(ch, json{{"channel", ch},
                                     {"market_stats", s},
                                     {"timestamp", now},
                                     {"type", "update/market_stats"}}
                                    .dump());
    }
    if (all_read)
      frames.emplace_back("market_stats:all",
                          json{{"channel", "market_stats:all"},
                               {"market_stats", all},
                               {"timestamp", now},
                               {"type", "update/market_stats"}}
                              .dump());
  }
  for (const auto& [acc, by_index] : orders) {
    const auto a = std::to_string(acc);
    const auto ch = "account_all_orders:" + a;
    const bool all_read = has_readers(ch);
    json all = json::object();
    std::map<int, json> per_market;
    for (const auto& [idx, o] : by_index) {
      const bool market_read = has_readers(
          "account_orders:" + std::to_string(o->market_id) + ":" + a);
      if (!all_read && !market_read) continue;
      json order = payload::order(*o, ex_);
      if (market_read) per_market[o->market_id].push_back(order);
      if (all_read)
        all[std::to_string(o->market_id)].push_back(std::move(order));
    }
    if (all_read)
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
        if (!has_readers(ch)) continue;
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
    auto read = [&](int64_t acc, int mid) {
      return has_readers("account_market:" + std::to_string(mid) + ":" +
                         std::to_string(acc));
    };
    for (const auto& [acc, by_index] : orders)
      for (const auto& [idx, o] : by_index)
        if (read(acc, o->market_id))
          news[{acc, o->market_id}].orders.push_back(payload::order(*o, ex_));
    for (const auto& [mid, list] : trades)
      for (const auto* t : list)
        for (int64_t acc : {t->ask_account_id, t->bid_account_id})
          if (acc != ex_.cfg().background_account && read(acc, mid))
            news[{acc, mid}].trades.push_back(payload::trade(*t, ex_));
    for (const auto& [acc, mids] : positions)
      for (int mid : mids)
        if (read(acc, mid)) news[{acc, mid}].position = true;
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
    const auto ch = "account_all_positions:" + std::to_string(acc);
    if (!has_readers(ch)) continue;
    json p = json::object();
    for (int mid : mids)
      p[std::to_string(mid)] = payload::position(ex_, acc, mid);
    frames.emplace_back(ch, json{{"channel", ch},
                                 {"positions", p},
                                 {"shares", json::array()},
                                 {"type", "update/account_all_positions"}}
                                .dump());
  }
  for (int64_t acc : balances) {
    const auto a = std::to_string(acc);
    if (has_readers("user_stats:" + a))
      frames.emplace_back("user_stats:" + a,
                          json{{"channel", "user_stats:" + a},
                               {"stats", payload::user_stats(ex_, acc)},
                               {"timestamp", now},
                               {"type", "update/user_stats"}}
                              .dump());
    if (has_readers("account_all_assets:" + a))
      frames.emplace_back("account_all_assets:" + a,
                          json{{"assets", payload::assets(ex_, acc)},
                               {"channel", "account_all_assets:" + a},
                               {"timestamp", now},
                               {"type", "update/account_all_assets"}}
                              .dump());
  }
  return deliver(frames, now);
}

std::vector<out_frame>
sim_api::deliver(std::vector<std::pair<std::string, std::string>>& frames,
                 ms_t now) {
  // Each session's frames in the order built, sessions in id order: the
  // order (and so the fault decisions) of every session walking the whole
  // list, without the walk.
  std::map<uint64_t, std::vector<size_t>> by_session;
  std::vector<size_t> unread(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto& ids = readers_.at(frames[i].first);
    unread[i] = ids.size();
    for (uint64_t id : ids)
      by_session[id].push_back(i);
  }
  std::vector<out_frame> out;
  const ms_t since = now - start_;
  auto& counts = ex_.faults_injected();
  for (const auto& [id, list] : by_session) {
    std::vector<out_frame> mine;
    for (size_t i : list) {
      auto& [ch, text] = frames[i];
      // The last reader takes the text instead of a copy.
      const bool last = --unread[i] == 0;
      if (faults_.stalled(ch, since)) {
        ++counts.stalled_frames;
        if (ch.rfind("account_", 0) == 0) ++counts.stalled_account_frames;
        continue;
      }
      out_frame f{id, last ? std::move(text) : text, 0};
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
