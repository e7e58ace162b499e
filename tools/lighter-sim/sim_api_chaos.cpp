// The parts of sim_api that serve fault injection and the judge of a chaos
// run: the REST outage, session ageing and GET /sim/record.

#include "tools/lighter-sim/sim_api.hpp"

namespace trailgrid::sim {

namespace {

using json = nlohmann::json;

bool is_tx_path(const std::string& path) {
  return path == "/api/v1/sendTx" || path == "/api/v1/sendTxBatch";
}

json market_json(const market_cfg& m) {
  return json{{"market_id", m.market_id},
              {"symbol", m.symbol},
              {"price_decimals", m.price_decimals},
              {"size_decimals", m.size_decimals}};
}

json live_order_json(const sim_order& o) {
  return json{{"market_id", o.market_id},
              {"order_index", o.order_index},
              {"client_order_index", o.client_order_index},
              {"api_key", o.api_key},
              {"is_ask", o.is_ask},
              {"price", o.price},
              {"initial", o.initial_base},
              {"remaining", o.remaining_base},
              {"status", status_name(o.status)}};
}

} // namespace

std::optional<http_response> sim_api::rest_outage(const std::string& path,
                                                  ms_t now) {
  if (path.rfind("/sim/", 0) == 0 || !faults_.rest_down(now - start_))
    return std::nullopt;
  auto& counts = ex_.faults_injected();
  ++counts.rest_outage_refusals;
  if (is_tx_path(path)) ++counts.rest_outage_tx_refusals;
  return http_response{
      503,
      json{{"code", 503}, {"message", "service unavailable (fault)"}}.dump()};
}

std::vector<uint64_t> sim_api::sessions_to_close(ms_t now) {
  std::vector<uint64_t> out;
  for (auto& [id, s] : sessions_) {
    if (s.closing || !faults_.session_too_old(now - s.opened)) continue;
    s.closing = true;
    ++ex_.faults_injected().session_age_closes;
    out.push_back(id);
  }
  return out;
}

http_response sim_api::sim_record(size_t since) const {
  const auto& rec = ex_.record();
  json list = json::array();
  for (size_t i = since; i < rec.size(); ++i)
    list.push_back(json::parse(to_json_line(rec[i])));
  json markets = json::array();
  for (const auto& m : ex_.cfg().markets)
    markets.push_back(market_json(m));
  json accounts = json::array();
  for (const auto& [index, a] : ex_.accounts()) {
    if (index == ex_.cfg().background_account) continue;
    json positions = json::object();
    for (const auto& [mid, p] : a.positions)
      positions[std::to_string(mid)] = p.qty;
    json keys = json::object();
    for (const auto& [k, st] : a.keys)
      keys[std::to_string(k)] = st.next_nonce;
    json live = json::array();
    for (const auto& o : ex_.live_orders(index))
      live.push_back(live_order_json(o));
    accounts.push_back(json{{"account", index},
                            {"positions", positions},
                            {"next_nonce", keys},
                            {"live_orders", live}});
  }
  return http_response{
      200, json{{"code", 200},
                {"total", rec.size()},
                {"records", list},
                {"faults", to_json(ex_.faults_injected())},
                {"state", {{"markets", markets}, {"accounts", accounts}}}}
               .dump()};
}

} // namespace trailgrid::sim
