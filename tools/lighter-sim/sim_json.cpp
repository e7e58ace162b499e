#include "tools/lighter-sim/sim_json.hpp"

#include "strategy/decimal.hpp"

#include <algorithm>

namespace trailgrid::sim::payload {

namespace {

using strategy::format_scaled;
using strategy::to_double;

int64_t mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<int128>(a) * b);
}

int64_t abs64(int64_t v) {
  return v < 0 ? -v : v;
}

std::string micro(int64_t v) {
  return format_scaled(v, 6);
}

const market_cfg& mcfg(const exchange& ex, int market) {
  return *ex.cfg().market(market);
}

const char* tif_name(int tif) {
  switch (tif) {
  case wire::tif_ioc:
    return "immediate-or-cancel";
  case wire::tif_gtt:
    return "good-till-time";
  default:
    return "post-only";
  }
}

// Margin figures of an account, micro-USDC.
struct margins {
  int64_t collateral = 0;
  int64_t unrealized = 0;
  int64_t position_value = 0;
  int64_t initial_margin = 0;
  int64_t maintenance_margin = 0;
};

margins margins_of(const exchange& ex, const sim_account& a) {
  margins m;
  m.collateral = a.collateral_micro;
  for (const auto& [mid, p] : a.positions) {
    const auto* mc = ex.cfg().market(mid);
    if (!mc || p.qty == 0) continue;
    const int64_t value =
        ex.to_micro(mid, mul(ex.mark_price(mid), abs64(p.qty)));
    m.position_value += value;
    m.unrealized += ex.to_micro(mid, ex.unrealized_quote(mid, p));
    m.initial_margin += mul(value, mc->default_imf) / 10000;
    m.maintenance_margin += mul(value, mc->maintenance_mf) / 10000;
  }
  return m;
}

} // namespace

json order(const sim_order& o, const exchange& ex) {
  const auto& mc = mcfg(ex, o.market_id);
  json j;
  j["order_index"] = o.order_index;
  j["client_order_index"] = o.client_order_index;
  j["order_id"] = std::to_string(o.order_index);
  j["client_order_id"] = std::to_string(o.client_order_index);
  j["market_index"] = o.market_id;
  j["owner_account_index"] = o.account;
  j["initial_base_amount"] = format_scaled(o.initial_base, mc.size_decimals);
  j["price"] = format_scaled(o.price, mc.price_decimals);
  j["nonce"] = o.nonce;
  j["remaining_base_amount"] =
      format_scaled(o.remaining_base, mc.size_decimals);
  j["is_ask"] = o.is_ask;
  j["base_size"] = o.remaining_base;
  j["base_price"] = o.price;
  j["filled_base_amount"] = format_scaled(o.filled_base, mc.size_decimals);
  j["filled_quote_amount"] = micro(ex.to_micro(o.market_id, o.filled_quote));
  j["side"] = o.is_ask ? "sell" : "buy";
  j["type"] = o.type == wire::type_market ? "market" : "limit";
  j["time_in_force"] = tif_name(o.time_in_force);
  j["reduce_only"] = o.reduce_only;
  j["trigger_price"] = format_scaled(o.trigger_price, mc.price_decimals);
  j["order_expiry"] = o.order_expiry;
  j["status"] = status_name(o.status);
  j["trigger_status"] = "na";
  j["trigger_time"] = 0;
  j["parent_order_index"] = 0;
  j["parent_order_id"] = "0";
  j["to_trigger_order_id_0"] = "0";
  j["to_trigger_order_id_1"] = "0";
  j["to_cancel_order_id_0"] = "0";
  j["integrator_fee_collector_index"] = "0";
  j["integrator_taker_fee"] = "0";
  j["integrator_maker_fee"] = "0";
  j["block_height"] = o.block_height;
  j["timestamp"] = o.created_at;
  j["created_at"] = o.created_at;
  j["updated_at"] = o.updated_at;
  j["transaction_time"] = o.updated_at * 1000;
  return j;
}

json trade(const sim_trade& t, const exchange& ex) {
  const auto& mc = mcfg(ex, t.market_id);
  json j;
  j["trade_id"] = t.trade_id;
  j["trade_id_str"] = std::to_string(t.trade_id);
  j["tx_hash"] = t.tx_hash;
  j["type"] = "trade";
  j["market_id"] = t.market_id;
  j["size"] = format_scaled(t.size, mc.size_decimals);
  j["price"] = format_scaled(t.price, mc.price_decimals);
  j["usd_amount"] = micro(ex.to_micro(t.market_id, mul(t.price, t.size)));
  j["ask_id"] = t.ask_id;
  j["ask_id_str"] = std::to_string(t.ask_id);
  j["bid_id"] = t.bid_id;
  j["bid_id_str"] = std::to_string(t.bid_id);
  j["ask_client_id"] = t.ask_client_id;
  j["ask_client_id_str"] = std::to_string(t.ask_client_id);
  j["bid_client_id"] = t.bid_client_id;
  j["bid_client_id_str"] = std::to_string(t.bid_client_id);
  j["ask_account_id"] = t.ask_account_id;
  j["bid_account_id"] = t.bid_account_id;
  j["is_maker_ask"] = t.is_maker_ask;
  j["block_height"] = t.block_height;
  j["timestamp"] = t.timestamp;
  if (t.taker_fee) j["taker_fee"] = *t.taker_fee;
  j["taker_position_size_before"] =
      format_scaled(t.taker_position_before, mc.size_decimals);
  j["taker_entry_quote_before"] =
      micro(ex.to_micro(t.market_id, t.taker_entry_quote_before));
  j["taker_initial_margin_fraction_before"] = t.taker_imf;
  if (t.taker_sign_changed) j["taker_position_sign_changed"] = true;
  if (t.maker_fee) j["maker_fee"] = *t.maker_fee;
  j["maker_position_size_before"] =
      format_scaled(t.maker_position_before, mc.size_decimals);
  j["maker_entry_quote_before"] =
      micro(ex.to_micro(t.market_id, t.maker_entry_quote_before));
  j["maker_initial_margin_fraction_before"] = t.maker_imf;
  if (t.maker_sign_changed) j["maker_position_sign_changed"] = true;
  j["transaction_time"] = t.transaction_time;
  return j;
}

json position(const exchange& ex, int64_t account, int market) {
  const auto& mc = mcfg(ex, market);
  const auto* a = ex.account(account);
  sim_position p;
  if (a) {
    auto it = a->positions.find(market);
    if (it != a->positions.end()) p = it->second;
  }
  int open_count = 0, pending_count = 0;
  for (const auto& o : ex.live_orders(account, market))
    (o.status == order_status::open ? open_count : pending_count) += 1;
  const int64_t q = abs64(p.qty);
  const int64_t avg = q == 0 ? 0 : (p.entry_quote + q / 2) / q;
  json j;
  j["market_id"] = market;
  j["symbol"] = mc.symbol;
  j["initial_margin_fraction"] = format_scaled(mc.default_imf, 2);
  j["open_order_count"] = open_count;
  j["pending_order_count"] = pending_count;
  j["position_tied_order_count"] = 0;
  j["sign"] = p.qty < 0 ? -1 : 1;
  j["position"] = format_scaled(q, mc.size_decimals);
  j["avg_entry_price"] = format_scaled(avg, mc.price_decimals);
  j["position_value"] =
      micro(ex.to_micro(market, mul(ex.mark_price(market), q)));
  j["unrealized_pnl"] =
      micro(ex.to_micro(market, ex.unrealized_quote(market, p)));
  j["realized_pnl"] = micro(ex.to_micro(market, p.realized_quote));
  j["liquidation_price"] = format_scaled(0, mc.price_decimals);
  j["total_funding_paid_out"] = micro(0);
  j["margin_mode"] = 0;
  j["allocated_margin"] = micro(0);
  return j;
}

json market_stats(const exchange& ex, int market) {
  const auto* m = ex.market(market);
  const auto& mc = m->cfg;
  const int pd = mc.price_decimals;
  const auto bid = m->feed.best_bid();
  const auto ask = m->feed.best_ask();
  const int64_t mid = bid && ask ? (*bid + *ask) / 2 : m->last_price;
  int64_t oi = 0;
  for (const auto& [idx, a] : ex.accounts()) {
    auto it = a.positions.find(market);
    if (it != a.positions.end() && it->second.qty > 0) oi += it->second.qty;
  }
  json j;
  j["market_id"] = market;
  j["symbol"] = mc.symbol;
  j["index_price"] = format_scaled(m->last_price, pd);
  j["mark_price"] = format_scaled(m->last_price, pd);
  j["mid_price"] = format_scaled(mid, pd);
  j["last_trade_price"] = format_scaled(m->last_price, pd);
  j["open_interest"] = micro(ex.to_micro(market, mul(m->last_price, oi)));
  j["open_interest_limit"] = "72057594037927936.000000";
  j["funding_clamp_small"] = "0.0500";
  j["funding_clamp_big"] = "4.0000";
  j["current_funding_rate"] = "0.0000";
  j["funding_rate"] = "0.0000";
  j["funding_timestamp"] = 0;
  j["base_interest_rate"] = "0.0100";
  j["daily_base_token_volume"] = to_double(m->volume, mc.size_decimals);
  j["daily_quote_token_volume"] =
      to_double(m->quote_volume, pd + mc.size_decimals);
  j["daily_price_low"] = to_double(m->low, pd);
  j["daily_price_high"] = to_double(m->high, pd);
  j["daily_price_change"] =
      m->first_price == 0
          ? 0.0
          : 100.0 * static_cast<double>(m->last_price - m->first_price) /
                static_cast<double>(m->first_price);
  return j;
}

// The busiest frame (every book of every tick): written straight into the
// text instead of through a json object, in the same bytes json::dump gives
// (keys sorted, no spaces); the simulator's frame tests parse it back.
std::string order_book_frame(const book_message& m, const market_cfg& mc) {
  std::string out;
  out.reserve(160 + 48 * (m.asks.size() + m.bids.size()));
  // `key_text` is the separator and the quoted key with its colon.
  auto field = [&](const char* key_text, int64_t v) {
    out += key_text;
    out += std::to_string(v);
  };
  auto levels = [&](const std::vector<book_level>& ls) {
    out += '[';
    for (size_t i = 0; i < ls.size(); ++i) {
      if (i > 0) out += ',';
      out += "{\"price\":\"";
      out += format_scaled(ls[i].price, mc.price_decimals);
      out += "\",\"size\":\"";
      out += format_scaled(ls[i].size, mc.size_decimals);
      out += "\"}";
    }
    out += ']';
  };
  field("{\"channel\":\"order_book:", mc.market_id);
  field("\",\"last_updated_at\":", m.last_updated_at);
  field(",\"offset\":", m.offset);
  out += ",\"order_book\":{\"asks\":";
  levels(m.asks);
  field(",\"begin_nonce\":", m.begin_nonce);
  out += ",\"bids\":";
  levels(m.bids);
  field(",\"code\":", 0);
  field(",\"last_updated_at\":", m.last_updated_at);
  field(",\"nonce\":", m.nonce);
  field(",\"offset\":", m.offset);
  field("},\"timestamp\":", m.timestamp);
  out += m.snapshot ? ",\"type\":\"subscribed/order_book\"}"
                    : ",\"type\":\"update/order_book\"}";
  return out;
}

json ticker_frame(const exchange& ex, int market, bool snapshot, ms_t now) {
  const auto* m = ex.market(market);
  const auto& mc = m->cfg;
  auto side = [&](const side_levels& s, bool asks) {
    if (s.empty()) return json{{"price", ""}, {"size", ""}};
    const auto& best = asks ? *s.begin() : *s.rbegin();
    return json{{"price", format_scaled(best.first, mc.price_decimals)},
                {"size", format_scaled(best.second, mc.size_decimals)}};
  };
  const auto snap = m->feed.snapshot(now);
  json j;
  j["channel"] = "ticker:" + std::to_string(market);
  j["last_updated_at"] = snap.last_updated_at;
  j["nonce"] = snap.nonce;
  j["ticker"] = {{"a", side(m->feed.asks(), true)},
                 {"b", side(m->feed.bids(), false)},
                 {"last_updated_at", snap.last_updated_at},
                 {"s", mc.symbol}};
  j["timestamp"] = now;
  j["type"] = snapshot ? "subscribed/ticker" : "update/ticker";
  return j;
}

json order_book_entry(const market_cfg& mc) {
  json j;
  j["symbol"] = mc.symbol;
  j["market_id"] = mc.market_id;
  j["market_type"] = "perp";
  j["base_asset_id"] = 0;
  j["quote_asset_id"] = 0;
  j["status"] = mc.status;
  j["taker_fee"] = format_scaled(mc.taker_fee_ppm[0], 4);
  j["is_taker_fee_enabled"] = true;
  j["maker_fee"] = format_scaled(mc.maker_fee_ppm[0], 4);
  j["is_maker_fee_enabled"] = true;
  j["liquidation_fee"] = "1.0000";
  j["min_base_amount"] = format_scaled(mc.min_base, mc.size_decimals);
  j["min_quote_amount"] = micro(mc.min_quote_micro);
  j["order_quote_limit"] = "281474976.710655";
  j["supported_size_decimals"] = mc.size_decimals;
  j["supported_price_decimals"] = mc.price_decimals;
  j["supported_quote_decimals"] = 6;
  return j;
}

json order_book_detail(const exchange& ex, int market) {
  const auto* m = ex.market(market);
  const auto& mc = m->cfg;
  json j = order_book_entry(mc);
  const json stats = market_stats(ex, market);
  j["size_decimals"] = mc.size_decimals;
  j["price_decimals"] = mc.price_decimals;
  j["quote_multiplier"] = 1;
  j["default_initial_margin_fraction"] = mc.default_imf;
  j["min_initial_margin_fraction"] = mc.min_imf;
  j["maintenance_margin_fraction"] = mc.maintenance_mf;
  j["closeout_margin_fraction"] = mc.closeout_mf;
  j["last_trade_price"] = to_double(m->last_price, mc.price_decimals);
  j["daily_trades_count"] = m->trades_count;
  for (const char* k :
       {"daily_base_token_volume", "daily_quote_token_volume",
        "daily_price_low", "daily_price_high", "daily_price_change"})
    j[k] = stats[k];
  j["open_interest"] = 0.0;
  j["daily_chart"] = json::object();
  j["market_config"] = {{"market_margin_mode", 0},
                        {"insurance_fund_account_index", 281474976710655LL},
                        {"liquidation_mode", 0},
                        {"force_reduce_only", false},
                        {"trading_hours", ""},
                        {"funding_fee_discounts_enabled", false},
                        {"hidden", false},
                        {"rfq_enabled", false}};
  j["strategy_index"] = 0;
  return j;
}

json user_stats(const exchange& ex, int64_t index) {
  const auto* a = ex.account(index);
  const margins m = a ? margins_of(ex, *a) : margins{};
  const int64_t portfolio = m.collateral + m.unrealized;
  const int64_t available = portfolio - m.initial_margin;
  const int64_t leverage_x100 =
      portfolio <= 0 ? 0 : mul(m.position_value, 100) / portfolio;
  const int64_t usage_x100 =
      portfolio <= 0 ? 0 : mul(m.initial_margin, 10000) / portfolio;
  json s;
  s["available_balance"] = micro(available);
  s["buying_power"] = "0";
  s["collateral"] = micro(m.collateral);
  s["leverage"] = format_scaled(leverage_x100, 2);
  s["margin_usage"] = format_scaled(usage_x100, 2);
  s["portfolio_value"] = micro(portfolio);
  json j = s;
  j["account_trading_mode"] = 0;
  j["cross_stats"] = s;
  j["total_stats"] = s;
  return j;
}

json assets(const exchange& ex, int64_t index) {
  const auto* a = ex.account(index);
  const int64_t bal = a ? a->collateral_micro : 0;
  json j;
  j["3"] = {{"symbol", "USDC"},         {"asset_id", 3},
            {"balance", micro(bal)},    {"locked_balance", micro(0)},
            {"margin_mode", "enabled"}, {"margin_balance", micro(bal)}};
  return j;
}

json account(const exchange& ex, int64_t index, ms_t now) {
  const auto* a = ex.account(index);
  const margins m = margins_of(ex, *a);
  const int64_t portfolio = m.collateral + m.unrealized;
  int open = 0, pending = 0;
  for (const auto& o : ex.live_orders(index))
    (o.status == order_status::open ? open : pending) += 1;
  json positions = json::array();
  for (const auto& [mid, p] : a->positions)
    if (ex.cfg().market(mid)) positions.push_back(position(ex, index, mid));
  json j;
  j["code"] = 0;
  j["account_type"] = index >= (int64_t{1} << 47) ? 1 : 0;
  j["index"] = index;
  j["l1_address"] = "0x0000000000000000000000000000000000000000";
  j["cancel_all_time"] = a->cancel_all_time;
  j["total_order_count"] = open + pending;
  j["total_isolated_order_count"] = 0;
  j["pending_order_count"] = pending;
  j["available_balance"] = micro(portfolio - m.initial_margin);
  j["status"] = 1;
  j["collateral"] = micro(m.collateral);
  j["transaction_time"] = now * 1000;
  j["account_trading_mode"] = 0;
  j["account_index"] = index;
  j["name"] = "";
  j["description"] = "";
  j["can_invite"] = true;
  j["referral_points_percentage"] = "";
  j["can_rfq"] = false;
  j["can_rfq_market_ids"] = json::array();
  j["metadata"] = {{"color", ""}};
  j["created_at"] = 0;
  j["positions"] = std::move(positions);
  j["assets"] = json::array({{{"symbol", "USDC"},
                              {"asset_id", 3},
                              {"balance", micro(a->collateral_micro)},
                              {"locked_balance", micro(0)}}});
  j["total_asset_value"] = micro(portfolio);
  j["cross_asset_value"] = micro(portfolio);
  j["cross_initial_margin_requirement"] = micro(m.initial_margin);
  j["cross_maintenance_margin_requirement"] = micro(m.maintenance_margin);
  j["shares"] = json::array();
  j["pending_unlocks"] = json::array();
  return j;
}

json order_book_orders(const exchange& ex, int market, size_t limit) {
  const auto* m = ex.market(market);
  const auto& mc = m->cfg;
  const int64_t bg_base =
      wire::order_index_floor * (market + 1) + (int64_t{1} << 46);
  struct row {
    int64_t index, account, initial, remaining, price, expiry;
  };
  std::vector<row> asks, bids;
  // Background levels appear as one order each (deterministic ids).
  for (const auto& [p, s] : m->bg_asks)
    asks.push_back({bg_base + p, ex.cfg().background_account, s, s, p, 0});
  for (const auto& [p, s] : m->bg_bids)
    bids.push_back({bg_base + (int64_t{1} << 40) + p,
                    ex.cfg().background_account, s, s, p, 0});
  for (const auto& o : ex.open_orders(market))
    (o.is_ask ? asks : bids)
        .push_back({o.order_index, o.account, o.initial_base, o.remaining_base,
                    o.price, o.order_expiry});
  std::stable_sort(asks.begin(), asks.end(), [](const row& a, const row& b) {
    return a.price < b.price;
  });
  std::stable_sort(bids.begin(), bids.end(), [](const row& a, const row& b) {
    return a.price > b.price;
  });
  auto rows = [&](const std::vector<row>& rs) {
    json a = json::array();
    for (size_t i = 0; i < rs.size() && i < limit; ++i) {
      const auto& r = rs[i];
      a.push_back(
          {{"order_index", r.index},
           {"order_id", std::to_string(r.index)},
           {"owner_account_index", r.account},
           {"initial_base_amount", format_scaled(r.initial, mc.size_decimals)},
           {"remaining_base_amount",
            format_scaled(r.remaining, mc.size_decimals)},
           {"price", format_scaled(r.price, mc.price_decimals)},
           {"order_expiry", r.expiry},
           {"transaction_time", 0}});
    }
    return a;
  };
  json j;
  j["code"] = 200;
  j["total_asks"] = std::min(asks.size(), limit);
  j["asks"] = rows(asks);
  j["total_bids"] = std::min(bids.size(), limit);
  j["bids"] = rows(bids);
  return j;
}

std::optional<json> candles(const exchange& ex, int market,
                            const std::string& resolution, ms_t start, ms_t end,
                            size_t count_back) {
  static const std::pair<const char*, ms_t> resolutions[] = {
      {"1m", 60000},   {"5m", 300000},   {"15m", 900000},   {"30m", 1800000},
      {"1h", 3600000}, {"4h", 14400000}, {"12h", 43200000}, {"1d", 86400000}};
  ms_t width = 0;
  for (const auto& [name, w] : resolutions)
    if (resolution == name) width = w;
  if (width == 0) return std::nullopt;
  const auto* m = ex.market(market);
  const auto& mc = m->cfg;
  std::vector<candle_bar> bars;
  for (const auto& c : m->candles) {
    const ms_t t = c.t - (c.t % width);
    if (t < start - (start % width) || t > end) continue;
    if (bars.empty() || bars.back().t != t) {
      candle_bar b = c;
      b.t = t;
      bars.push_back(b);
      continue;
    }
    auto& b = bars.back();
    b.high = std::max(b.high, c.high);
    b.low = std::min(b.low, c.low);
    b.close = c.close;
    b.volume += c.volume;
    b.quote_volume += c.quote_volume;
    b.last_trade_id = c.last_trade_id;
  }
  if (count_back > 0 && bars.size() > count_back)
    bars.erase(bars.begin(),
               bars.end() - static_cast<std::ptrdiff_t>(count_back));
  json c = json::array();
  const int pd = mc.price_decimals;
  for (const auto& b : bars)
    c.push_back({{"t", b.t},
                 {"o", to_double(b.open, pd)},
                 {"h", to_double(b.high, pd)},
                 {"l", to_double(b.low, pd)},
                 {"c", to_double(b.close, pd)},
                 {"v", to_double(b.volume, mc.size_decimals)},
                 {"V", to_double(b.quote_volume, pd + mc.size_decimals)},
                 {"i", b.last_trade_id}});
  return json{{"code", 200}, {"r", resolution}, {"c", std::move(c)}};
}

} // namespace trailgrid::sim::payload
