#include "tools/lighter-sim/sim_api.hpp"

#include "lighter/codec/read_only_token.hpp"
#include "lighter/codec/text_encoding.hpp"
#include "tools/lighter-sim/rng.hpp"
#include "tools/lighter-sim/sim_json.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace trailgrid::sim {

namespace {

using json = nlohmann::json;

constexpr ms_t max_auth_horizon_ms = 8LL * 3600 * 1000 + 5 * 60 * 1000;

/// Digits with an optional leading '-'; nothing when malformed or out of the
/// int64 range.
std::optional<int64_t> to_int(const std::string& s) {
  int64_t v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc{} || p != end) return std::nullopt;
  return v;
}

std::optional<int64_t> int_param(const std::map<std::string, std::string>& q,
                                 const std::string& key) {
  auto it = q.find(key);
  if (it == q.end()) return std::nullopt;
  return to_int(it->second);
}

http_response json_response(int status, const json& body) {
  return http_response{status, body.dump()};
}

http_response error_response(const sim_error& e) {
  return json_response(e.http_status(),
                       json{{"code", e.code}, {"message", e.message}});
}

http_response invalid_param() {
  return error_response(sim_error{err::invalid_param, "invalid param "});
}

std::string error_frame(error_frame_shape shape, int code,
                        const std::string& message) {
  if (shape == error_frame_shape::typed)
    return json{{"type", "error"}, {"code", code}, {"message", message}}.dump();
  return json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

/// Puts the tx hashes into a reply in the configured shape.
void put_hashes(json& reply, const std::vector<std::string>& hashes, bool batch,
                tx_hash_shape shape) {
  switch (shape) {
  case tx_hash_shape::by_kind:
    if (batch)
      reply["tx_hash"] = hashes;
    else
      reply["tx_hash"] = hashes.front();
    return;
  case tx_hash_shape::string:
    reply["tx_hash"] = hashes.front();
    return;
  case tx_hash_shape::array:
    reply["tx_hash"] = hashes;
    return;
  case tx_hash_shape::tx_hashes:
    reply["tx_hash"] = hashes.front();
    reply["tx_hashes"] = hashes;
    return;
  }
}

using lighter::is_read_only_token;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t end = s.find(sep, pos);
    out.push_back(s.substr(pos, end == std::string::npos ? end : end - pos));
    if (end == std::string::npos) return out;
    pos = end + 1;
  }
}

// Channel families and what they need.
bool is_market_family(const std::string& f) {
  return f == "order_book" || f == "trade" || f == "market_stats" ||
         f == "ticker";
}

bool is_account_family(const std::string& f) {
  return f == "account_all_orders" || f == "account_all_trades" ||
         f == "account_all_positions" || f == "user_stats" ||
         f == "account_all_assets";
}

bool auth_required(const std::string& f) {
  return f == "account_all_orders" || f == "account_orders" ||
         f == "account_market" || f == "account_tx";
}

} // namespace

std::map<std::string, std::string> parse_form(std::string_view text) {
  std::map<std::string, std::string> out;
  if (auto fields = lighter::form_decode(text))
    for (auto& [name, value] : *fields)
      out[name] = value; // a repeated name: the last one wins
  return out;
}

sim_api::sim_api(exchange& ex, verifiers v, ms_t start)
    : ex_(ex), v_(std::move(v)), start_(start),
      faults_(ex.cfg().faults, hash3(ex.cfg().seed, 0xa91)) {}

int64_t sim_api::drops_due(ms_t now) const {
  return faults_.drops_due(now - start_);
}

bool sim_api::ws_down(ms_t now) const {
  return faults_.ws_down(now - start_);
}

const std::set<std::string>* sim_api::subscriptions(uint64_t session) const {
  auto it = sessions_.find(session);
  return it == sessions_.end() ? nullptr : &it->second.channels;
}

// --- transactions ----------------------------------------------------------

std::string sim_api::ws_error(int code, const std::string& message) const {
  return error_frame(ex_.cfg().replies.error_frame, code, message);
}

sim_api::tx_reply sim_api::submit(const std::vector<int>& types,
                                  const std::vector<std::string>& infos,
                                  ms_t now, lighter::limits::tx_channel ch) {
  tx_reply r;
  std::vector<sim_tx> txs;
  std::vector<std::optional<lighter::crypto::signature_bytes>> sigs;
  for (size_t i = 0; i < types.size(); ++i) {
    auto parsed = parse_tx_info(types[i], infos[i]);
    if (auto* e = std::get_if<sim_error>(&parsed)) {
      r.error = *e;
      return r;
    }
    auto& p = std::get<lighter::parsed_tx_info>(parsed);
    txs.push_back(std::move(p.tx));
    sigs.push_back(p.sig);
  }
  signature_check check;
  if (v_.tx)
    check = [&](size_t i, const std::string& pk, std::string& hash) {
      return v_.tx(txs[i], sigs[i], pk, hash);
    };
  auto res = ex_.submit(txs, {}, now, check, ch);
  r.error = res.error;
  r.hashes = std::move(res.tx_hashes);
  r.predicted = res.predicted_execution_time_ms;
  return r;
}

http_response
sim_api::rest_send_tx(const std::map<std::string, std::string>& form,
                      bool batch, const std::string& authorization, ms_t now) {
  // Transactions are signed; an auth token is not needed. A read-only token
  // offered with one is refused: it may never move funds or orders.
  auto a = form.find("auth");
  if (is_read_only_token(authorization) ||
      (a != form.end() && is_read_only_token(a->second)))
    return error_response(
        sim_error{err::invalid_auth,
                  "invalid auth: a read-only token cannot send transactions"});
  std::vector<int> types;
  std::vector<std::string> infos;
  if (!batch) {
    auto t = int_param(form, "tx_type");
    auto info = form.find("tx_info");
    if (!t || info == form.end()) return invalid_param();
    types.push_back(static_cast<int>(*t));
    infos.push_back(info->second);
  } else {
    auto ts = form.find("tx_types");
    auto is = form.find("tx_infos");
    if (ts == form.end() || is == form.end()) return invalid_param();
    json jt = json::parse(ts->second, nullptr, false);
    json ji = json::parse(is->second, nullptr, false);
    if (!jt.is_array() || !ji.is_array() || jt.size() != ji.size())
      return invalid_param();
    for (size_t i = 0; i < jt.size(); ++i) {
      if (!jt[i].is_number_integer()) return invalid_param();
      types.push_back(jt[i].get<int>());
      infos.push_back(ji[i].is_string() ? ji[i].get<std::string>()
                                        : ji[i].dump());
    }
  }
  auto r = submit(types, infos, now, lighter::limits::tx_channel::rest);
  if (r.error) return error_response(*r.error);
  json body;
  body["code"] = 200;
  body["message"] = "{\"ratelimit\": \"didn't use volume quota\"}";
  put_hashes(body, r.hashes, batch, ex_.cfg().replies.tx_hash);
  body["predicted_execution_time_ms"] = r.predicted;
  body["volume_quota_remaining"] = 1000;
  return json_response(200, body);
}

std::optional<sim_error> sim_api::check_auth(const std::string& token,
                                             int64_t account, ms_t now,
                                             const std::string& context) const {
  auto fail = [&](const std::string& why) {
    return sim_error{err::invalid_auth,
                     "invalid auth: " + why + ": " + context};
  };
  if (is_read_only_token(token)) {
    auto it = read_only_tokens_.find(token);
    if (it == read_only_tokens_.end()) return fail("unknown read-only token");
    if (it->second.expiry_s * 1000 < now) return fail("token expired");
    if (it->second.account != account) return fail("account mismatch");
    return std::nullopt;
  }
  auto parts = split(token, ':');
  if (parts.size() != 4) return fail("malformed token");
  auto deadline = to_int(parts[0]);
  auto acc = to_int(parts[1]);
  auto key = to_int(parts[2]);
  if (!deadline || !acc || !key) return fail("malformed token");
  // Checked before it is scaled to ms (no overflow on absurd values).
  if (*deadline < 0 || *deadline > (now + max_auth_horizon_ms) / 1000)
    return fail("invalid deadline");
  if (*deadline * 1000 < now || *deadline * 1000 > now + max_auth_horizon_ms)
    return fail("invalid deadline");
  if (*acc != account) return fail("account mismatch");
  const auto* a = ex_.account(account);
  if (!a) return fail("account not found");
  auto k = a->keys.find(static_cast<int>(*key));
  if (k == a->keys.end()) return fail("api key not found");
  if (parts[3].size() != 160) return fail("invalid signature");
  const std::string message = parts[0] + ":" + parts[1] + ":" + parts[2];
  if (v_.auth && !v_.auth(message, parts[3], k->second.public_key))
    return fail("invalid signature");
  return std::nullopt;
}

http_response
sim_api::create_token(const std::map<std::string, std::string>& form,
                      const std::string& authorization, ms_t now) {
  auto a = int_param(form, "account_index");
  auto expiry = int_param(form, "expiry");
  auto scope_it = form.find("scope");
  const std::string scope =
      scope_it == form.end() ? std::string("single") : scope_it->second;
  if (!a || !expiry || (scope != "single" && scope != "all"))
    return invalid_param();
  std::string token = authorization;
  if (token.empty()) {
    auto it = form.find("auth");
    if (it != form.end()) token = it->second;
  }
  if (token.empty() || is_read_only_token(token))
    return error_response(
        sim_error{err::invalid_auth,
                  "invalid auth: tokens/create needs a signed auth token"});
  if (auto e = check_auth(token, *a, now, "tokens/create"))
    return error_response(*e);
  const int64_t lifetime_s = *expiry - now / 1000;
  if (lifetime_s < lighter::limits::min_read_only_token_lifetime_s ||
      lifetime_s > lighter::limits::max_read_only_token_lifetime_s)
    return error_response(
        sim_error{err::invalid_param,
                  "invalid param: a read-only token lives 1 day to 10 years"});
  int live = 0;
  for (const auto& [text, t] : read_only_tokens_)
    if (t.account == *a && t.expiry_s * 1000 >= now) ++live;
  if (live >= lighter::limits::max_read_only_tokens_per_account)
    return error_response(sim_error{
        err::invalid_param, "invalid param: at most 10 read-only tokens"});
  char hex[33];
  const uint64_t h = hash3(ex_.cfg().seed, 0x70c3, ++token_seq_);
  std::snprintf(
      hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h),
      static_cast<unsigned long long>(
          hash3(h, static_cast<uint64_t>(*a), static_cast<uint64_t>(*expiry))));
  const std::string text = "ro:" + std::to_string(*a) + ":" + scope + ":" +
                           std::to_string(*expiry) + ":" + hex;
  read_only_tokens_[text] = read_only_token{*a, scope, *expiry};
  return json_response(200, json{{"code", 200}, {"token", text}});
}

// --- REST ------------------------------------------------------------------

http_response sim_api::handle_http(const http_request& req, ms_t now) {
  const auto qpos = req.target.find('?');
  const std::string path = req.target.substr(0, qpos);
  const auto q =
      qpos == std::string::npos
          ? std::map<std::string, std::string>{}
          : parse_form(std::string_view(req.target).substr(qpos + 1));
  if (auto down = rest_outage(path, now)) return *down;
  const auto& cfg = ex_.cfg();
  auto market_filter = [&]() -> std::optional<int> {
    auto it = q.find("market_id");
    if (it == q.end() || it->second == "255") return -1;
    auto v = to_int(it->second);
    if (!v || !cfg.market(static_cast<int>(*v))) return std::nullopt;
    return static_cast<int>(*v);
  };
  auto authorised = [&](int64_t account) -> std::optional<http_response> {
    std::string token = req.authorization;
    if (token.empty()) {
      auto it = q.find("auth");
      if (it != q.end()) token = it->second;
    }
    if (token.empty())
      return error_response(sim_error{err::invalid_param,
                                      "invalid param : auth query param and "
                                      "Authorization header are empty"});
    if (auto e = check_auth(token, account, now, path))
      return error_response(*e);
    return std::nullopt;
  };

  if (req.method == "POST") {
    const auto form = parse_form(req.body);
    if (path == "/api/v1/sendTx")
      return rest_send_tx(form, false, req.authorization, now);
    if (path == "/api/v1/sendTxBatch")
      return rest_send_tx(form, true, req.authorization, now);
    if (path == "/api/v1/tokens/create")
      return create_token(form, req.authorization, now);
    if (path.rfind("/sim/", 0) == 0) return sim_action(path, form);
    return error_response(sim_error{err::not_found, "not found"});
  }
  if (path == "/" || path.empty())
    return json_response(200, json{{"status", ex_.root_status()},
                                   {"network_id", cfg.chain_id},
                                   {"timestamp", now / 1000}});
  if (path == "/api/v1/orderBooks" || path == "/api/v1/orderBookDetails") {
    auto m = market_filter();
    if (!m) return invalid_param();
    const bool details = path == "/api/v1/orderBookDetails";
    json list = json::array();
    for (const auto& mc : cfg.markets)
      if (*m < 0 || mc.market_id == *m)
        list.push_back(details ? payload::order_book_detail(ex_, mc.market_id)
                               : payload::order_book_entry(mc));
    if (details)
      return json_response(200,
                           json{{"code", 200},
                                {"order_book_details", list},
                                {"spot_order_book_details", json::array()}});
    return json_response(200, json{{"code", 200}, {"order_books", list}});
  }
  if (path == "/api/v1/nextNonce") {
    auto a = int_param(q, "account_index");
    auto k = int_param(q, "api_key_index");
    if (!a || !k) return invalid_param();
    auto n = ex_.next_nonce(*a, static_cast<int>(*k));
    if (!n)
      return error_response(
          sim_error{err::api_key_not_found, "api key not found"});
    return json_response(200, json{{"code", 200}, {"nonce", *n}});
  }
  if (path == "/api/v1/apikeys") {
    auto a = int_param(q, "account_index");
    auto k = int_param(q, "api_key_index");
    if (!a) return invalid_param();
    const auto* acc = ex_.account(*a);
    if (!acc)
      return error_response(sim_error{err::not_found, "account not found"});
    json keys = json::array();
    for (const auto& [idx, key] : acc->keys)
      if (!k || *k == 255 || *k == idx)
        keys.push_back({{"account_index", *a},
                        {"api_key_index", idx},
                        {"nonce", key.next_nonce},
                        {"public_key", key.public_key}});
    return json_response(200, json{{"code", 200}, {"api_keys", keys}});
  }
  if (path == "/api/v1/account") {
    auto by = q.find("by");
    auto v = int_param(q, "value");
    if (by == q.end() || by->second != "index" || !v) return invalid_param();
    if (!ex_.account(*v))
      return error_response(sim_error{err::not_found, "not found"});
    return json_response(
        200, json{{"code", 200},
                  {"total", 1},
                  {"accounts", json::array({payload::account(ex_, *v, now)})}});
  }
  if (path == "/api/v1/accountActiveOrders" ||
      path == "/api/v1/accountInactiveOrders") {
    auto a = int_param(q, "account_index");
    auto m = market_filter();
    if (!a || !m) return invalid_param();
    if (auto denied = authorised(*a)) return *denied;
    const bool active = path == "/api/v1/accountActiveOrders";
    const auto limit = int_param(q, "limit").value_or(100);
    const auto orders =
        active ? ex_.live_orders(*a, *m)
               : ex_.inactive_orders(*a, *m,
                                     static_cast<size_t>(std::max<int64_t>(
                                         1, std::min<int64_t>(limit, 1000))));
    json list = json::array();
    for (const auto& o : orders)
      list.push_back(payload::order(o, ex_));
    json body{{"code", 200}, {"orders", list}};
    if (!active) body["next_cursor"] = "";
    return json_response(200, body);
  }
  if (path == "/api/v1/orderBookOrders") {
    auto m = market_filter();
    auto limit = int_param(q, "limit").value_or(20);
    if (!m || *m < 0 || limit < 1 || limit > 250) return invalid_param();
    return json_response(
        200, payload::order_book_orders(ex_, *m, static_cast<size_t>(limit)));
  }
  if (path == "/api/v1/recentTrades") {
    auto m = market_filter();
    auto limit = int_param(q, "limit").value_or(20);
    if (!m || *m < 0 || limit < 1 || limit > 100) return invalid_param();
    json list = json::array();
    for (const auto& t : ex_.market(*m)->recent) {
      if (static_cast<int64_t>(list.size()) >= limit) break;
      list.push_back(payload::trade(t, ex_));
    }
    return json_response(200, json{{"code", 200}, {"trades", list}});
  }
  if (path == "/api/v1/trades" && q.count("account_index") != 0) {
    // The account's own trades (private): what a bot reads after a gap.
    auto a = int_param(q, "account_index");
    auto m = market_filter();
    auto limit = int_param(q, "limit").value_or(100);
    // The cursor is opaque to clients; here it is the id of the last trade
    // of the previous page, and the next page starts below it.
    int64_t before = 0;
    if (q.count("cursor") != 0) {
      auto c = int_param(q, "cursor");
      if (!c || *c <= 0) return invalid_param();
      before = *c;
    }
    if (!a || !m || limit < 1 || limit > 100) return invalid_param();
    if (auto denied = authorised(*a)) return *denied;
    // One more than asked says whether a next page exists.
    auto trades =
        ex_.account_trades(*a, *m, static_cast<size_t>(limit) + 1, before);
    std::string next;
    if (trades.size() > static_cast<size_t>(limit)) {
      trades.pop_back();
      next = std::to_string(trades.back().trade_id);
    }
    json list = json::array();
    for (const auto& t : trades)
      list.push_back(payload::trade(t, ex_));
    return json_response(
        200, json{{"code", 200}, {"next_cursor", next}, {"trades", list}});
  }
  if (path == "/api/v1/candles" || path == "/api/v1/candlesticks") {
    auto m = market_filter();
    auto res = q.find("resolution");
    if (!m || *m < 0 || res == q.end()) return invalid_param();
    auto to_ms = [](int64_t t) {
      return t >= 0 && t < 100000000000LL ? t * 1000 : t;
    };
    const ms_t start = to_ms(int_param(q, "start_timestamp").value_or(0));
    const ms_t end = to_ms(int_param(q, "end_timestamp").value_or(now));
    const auto count = int_param(q, "count_back").value_or(0);
    auto body =
        payload::candles(ex_, *m, res->second, start, end,
                         static_cast<size_t>(std::max<int64_t>(0, count)));
    if (!body) return invalid_param();
    return json_response(200, *body);
  }
  if (path == "/sim/record")
    return sim_record(static_cast<size_t>(
        std::max<int64_t>(0, int_param(q, "since").value_or(0))));
  return error_response(sim_error{err::not_found, "not found"});
}

// --- WebSocket -------------------------------------------------------------

// POST /sim/...: operator actions for tests of a bot's risk controls.
//   /sim/market_status  market_id, status ("active", "inactive", ...)
//   /sim/exchange_status  status (1 running, anything else maintenance)
//   /sim/position  account, market_id, qty (lots, signed), entry (ticks)
//   /sim/collateral  account, collateral (micro-USDC)
http_response sim_api::sim_action(const std::string& path,
                                  const std::map<std::string, std::string>& f) {
  auto num = [&](const char* k) { return int_param(f, k); };
  auto ok = [] { return json_response(200, json{{"code", 200}}); };
  if (path == "/sim/market_status") {
    auto m = num("market_id");
    auto st = f.find("status");
    if (!m || st == f.end() ||
        !ex_.set_market_status(static_cast<int>(*m), st->second))
      return invalid_param();
    return ok();
  }
  if (path == "/sim/exchange_status") {
    auto st = num("status");
    if (!st) return invalid_param();
    ex_.set_exchange_status(*st);
    return ok();
  }
  if (path == "/sim/position") {
    auto a = num("account");
    auto m = num("market_id");
    auto q = num("qty");
    auto e = num("entry").value_or(0);
    if (!a || !m || !q) return invalid_param();
    const int64_t abs = *q < 0 ? -*q : *q;
    if (!ex_.set_position(*a, static_cast<int>(*m), *q, e * abs))
      return invalid_param();
    return ok();
  }
  if (path == "/sim/collateral") {
    auto a = num("account");
    auto c = num("collateral");
    if (!a || !c || !ex_.set_collateral(*a, *c)) return invalid_param();
    return ok();
  }
  return error_response(sim_error{err::not_found, "not found"});
}

std::pair<uint64_t, std::string> sim_api::open_session(ms_t now) {
  const uint64_t id = next_session_++;
  sessions_[id].opened = now;
  const uint64_t h = hash3(ex_.cfg().seed, 0x5e55, id);
  char uuid[40];
  std::snprintf(
      uuid, sizeof uuid, "%08x-%04x-4%03x-8%03x-%012llx",
      static_cast<unsigned>(h >> 32), static_cast<unsigned>((h >> 16) & 0xffff),
      static_cast<unsigned>(h & 0xfff), static_cast<unsigned>(id & 0xfff),
      static_cast<unsigned long long>(id));
  return {id, json{{"session_id", uuid}, {"type", "connected"}}.dump()};
}

void sim_api::close_session(uint64_t id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  for (const auto& channel : it->second.channels)
    remove_reader(channel, id);
  sessions_.erase(it);
}

std::vector<std::string> sim_api::on_ws_text(uint64_t id, std::string_view text,
                                             ms_t now) {
  auto sit = sessions_.find(id);
  if (sit == sessions_.end()) return {};
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return {ws_error(err::ws_invalid_json, "Invalid Json")};
  auto t = j.find("type");
  if (t == j.end() || !t->is_string())
    return {ws_error(err::ws_invalid_type, "Invalid Type")};
  const std::string type = t->get<std::string>();
  if (type == "ping") return {json{{"type", "pong"}}.dump()};
  if (type == "pong") return {};
  if (type == "subscribe" || type == "unsubscribe") {
    auto c = j.find("channel");
    if (c == j.end() || !c->is_string())
      return {ws_error(err::ws_invalid_channel, "Invalid Channel")};
    const std::string channel = c->get<std::string>();
    if (type == "subscribe") {
      std::string auth;
      auto a = j.find("auth");
      if (a != j.end() && a->is_string()) auth = a->get<std::string>();
      return subscribe(id, sit->second, channel, auth, now);
    }
    std::string inbound = channel;
    std::replace(inbound.begin(), inbound.end(), '/', ':');
    if (!sit->second.channels.erase(inbound))
      return {
          ws_error(err::ws_not_subscribed, "Not Subscribed to : " + inbound)};
    remove_reader(inbound, id);
    // The real server acks with a differently spaced serializer.
    return {"{\"type\": \"unsubscribed\", \"channel\": " +
            lighter::json_string(inbound) + "}"};
  }
  if (type == "jsonapi/sendtx" || type == "jsonapi/sendtxbatch") {
    auto d = j.find("data");
    if (d == j.end() || !d->is_object())
      return {ws_error(err::invalid_param, "invalid param ")};
    return {ws_tx(type, *d, now)};
  }
  return {ws_error(err::ws_invalid_type, "Invalid Type")};
}

std::string sim_api::ws_tx(const std::string& type, const json& data,
                           ms_t now) {
  json reply;
  reply["type"] = type;
  auto id = data.find("id");
  if (id != data.end())
    reply["id"] = id->is_string() ? id->get<std::string>() : id->dump();
  auto fail = [&](const sim_error& e) {
    reply["code"] = e.code;
    reply["message"] = e.message;
    return reply.dump();
  };
  const sim_error bad{err::invalid_tx_info, "invalid tx info"};
  std::vector<int> types;
  std::vector<std::string> infos;
  auto as_info = [](const json& x) {
    return x.is_string() ? x.get<std::string>() : x.dump();
  };
  if (type == "jsonapi/sendtx") {
    auto tt = data.find("tx_type");
    auto ti = data.find("tx_info");
    if (tt == data.end() || !tt->is_number_integer() || ti == data.end())
      return fail(bad);
    types.push_back(tt->get<int>());
    infos.push_back(as_info(*ti));
  } else {
    auto tt = data.find("tx_types");
    auto ti = data.find("tx_infos");
    if (tt == data.end() || ti == data.end()) return fail(bad);
    json jt = tt->is_string()
                  ? json::parse(tt->get<std::string>(), nullptr, false)
                  : *tt;
    json ji = ti->is_string()
                  ? json::parse(ti->get<std::string>(), nullptr, false)
                  : *ti;
    if (!jt.is_array() || !ji.is_array() || jt.size() != ji.size())
      return fail(bad);
    for (size_t i = 0; i < jt.size(); ++i) {
      if (!jt[i].is_number_integer()) return fail(bad);
      types.push_back(jt[i].get<int>());
      infos.push_back(as_info(ji[i]));
    }
  }
  auto r = submit(types, infos, now, lighter::limits::tx_channel::websocket);
  if (r.error) return fail(*r.error);
  reply["code"] = 200;
  reply["predicted_execution_time_ms"] = r.predicted;
  put_hashes(reply, r.hashes, type != "jsonapi/sendtx",
             ex_.cfg().replies.tx_hash);
  return reply.dump();
}

std::vector<std::string> sim_api::subscribe(uint64_t id, session& s,
                                            const std::string& channel,
                                            const std::string& auth, ms_t now) {
  const auto parts = split(channel, '/');
  const std::string& family = parts[0];
  const auto invalid = ws_error(err::ws_invalid_channel, "Invalid Channel");
  int market = -1;
  int64_t account = -1;
  if (is_market_family(family)) {
    if (parts.size() != 2) return {invalid};
    if (!(family == "market_stats" && parts[1] == "all")) {
      auto m = to_int(parts[1]);
      if (!m || !ex_.cfg().market(static_cast<int>(*m))) return {invalid};
      market = static_cast<int>(*m);
    }
  } else if (is_account_family(family) || family == "account_orders" ||
             family == "account_market") {
    const bool per_market =
        family == "account_orders" || family == "account_market";
    const size_t want = per_market ? 3 : 2;
    if (parts.size() != want) return {invalid};
    auto a = to_int(parts.back());
    if (!a || !ex_.account(*a)) return {invalid};
    account = *a;
    if (per_market) {
      auto m = to_int(parts[1]);
      if (!m || !ex_.cfg().market(static_cast<int>(*m))) return {invalid};
      market = static_cast<int>(*m);
    }
  } else if (!(family == "height" && parts.size() == 1)) {
    return {invalid};
  }
  std::string inbound = channel;
  std::replace(inbound.begin(), inbound.end(), '/', ':');
  if (account >= 0 && (auth_required(family) || !auth.empty())) {
    if (auth.empty())
      return {ws_error(err::invalid_auth,
                       "invalid auth: missing auth: " + inbound)};
    if (auto e = check_auth(auth, account, now, inbound))
      return {ws_error(e->code, e->message)};
  }
  if (s.channels.count(inbound))
    return {ws_error(err::ws_already_subscribed,
                     "Already Subscribed to : " + inbound)};
  s.channels.insert(inbound);
  add_reader(inbound, id);
  json j;
  j["channel"] = inbound;
  j["type"] = "subscribed/" + family;
  if (family == "order_book") {
    const auto* m = ex_.market(market);
    return {payload::order_book_frame(m->feed.snapshot(now), m->cfg)};
  }
  if (family == "ticker")
    return {payload::ticker_frame(ex_, market, true, now).dump()};
  if (family == "trade") {
    json list = json::array();
    const auto& recent = ex_.market(market)->recent;
    for (auto it = recent.rbegin(); it != recent.rend(); ++it)
      list.push_back(payload::trade(*it, ex_));
    j["trades"] = list;
    j["liquidation_trades"] = json::array();
    j["nonce"] = recent.empty() ? 0 : recent.front().trade_id;
  } else if (family == "market_stats") {
    if (market >= 0) {
      j["market_stats"] = payload::market_stats(ex_, market);
    } else {
      json all;
      for (const auto& mc : ex_.cfg().markets)
        all[std::to_string(mc.market_id)] =
            payload::market_stats(ex_, mc.market_id);
      j["market_stats"] = all;
    }
    j["timestamp"] = now;
  } else if (family == "height") {
    j["height"] = 0;
    j["timestamp"] = now;
  } else if (family == "account_all_orders" || family == "account_orders") {
    json orders = json::object();
    for (const auto& o : ex_.live_orders(account, market))
      orders[std::to_string(o.market_id)].push_back(payload::order(o, ex_));
    j["orders"] = orders;
    j["account"] = account;
  } else if (family == "account_market") {
    json orders = json::array();
    for (const auto& o : ex_.live_orders(account, market))
      orders.push_back(payload::order(o, ex_));
    j["account"] = account;
    j["orders"] = orders;
    j["position"] = json::array({payload::position(ex_, account, market)});
    j["trades"] = json::array();
    j["assets"] = nullptr;
    j["funding_history"] = nullptr;
    j["timestamp"] = now;
  } else if (family == "account_all_trades") {
    const double vol =
        static_cast<double>(ex_.account(account)->volume_micro) / 1e6;
    j["trades"] = json::object();
    for (const char* k :
         {"daily_volume", "weekly_volume", "monthly_volume", "total_volume"})
      j[k] = vol;
  } else if (family == "account_all_positions") {
    json positions = json::object();
    for (const auto& mc : ex_.cfg().markets)
      positions[std::to_string(mc.market_id)] =
          payload::position(ex_, account, mc.market_id);
    j["positions"] = positions;
    j["shares"] = json::array();
  } else if (family == "user_stats") {
    j["stats"] = payload::user_stats(ex_, account);
    j["timestamp"] = now;
  } else if (family == "account_all_assets") {
    j["assets"] = payload::assets(ex_, account);
    j["timestamp"] = now;
  }
  return {j.dump()};
}

} // namespace trailgrid::sim
