#include "tools/chaos/chaos_inputs.hpp"

#include "runtime/journal.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace trailgrid::chaos {

namespace {

using json = nlohmann::json;

int64_t int_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// SAX reader of the summary: keeps each market's position as the number's
// own text, so no decimal goes through a double.
class summary_reader : public json::json_sax_t {
public:
  std::vector<summary_market> markets;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override {
    return number(std::to_string(v), v);
  }
  bool number_unsigned(number_unsigned_t v) override {
    return number(std::to_string(v), static_cast<int64_t>(v));
  }
  bool number_float(number_float_t, const string_t& s) override {
    return number(s, 0);
  }
  bool string(string_t& s) override {
    if (in_market() && key_ == "symbol") markets.back().symbol = s;
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 2 && markets_array_) markets.emplace_back();
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && key_ == "markets") markets_array_ = true;
    return true;
  }
  bool end_array() override {
    if (depth_ == 1) markets_array_ = false;
    return true;
  }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error = e.what();
    return false;
  }
  std::string error;

private:
  bool in_market() const { return markets_array_ && depth_ == 2; }
  bool number(const std::string& text, int64_t v) {
    if (!in_market()) return true;
    auto& m = markets.back();
    if (key_ == "position")
      m.position = text;
    else if (key_ == "fills")
      m.fills = v;
    else if (key_ == "nonce_errors")
      m.nonce_errors = v;
    else if (key_ == "reconnects")
      m.reconnects = v;
    return true;
  }
  int depth_ = 0;
  bool markets_array_ = false;
  std::string key_;
};

} // namespace

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::variant<exchange_view, std::string>
parse_sim_record(const std::string& text, int64_t account) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("records") ||
      !j["records"].is_array())
    return std::string("not a GET /sim/record answer (no records array)");
  if (!j.contains("state"))
    return std::string("the record has no end state: lighter-sim too old");
  exchange_view v;
  const json markets = j["state"].value("markets", json::array());
  for (const auto& m : markets)
    v.markets.push_back(
        market_info{static_cast<int>(int_of(m, "market_id")),
                    m.value("symbol", std::string()),
                    static_cast<int>(int_of(m, "size_decimals"))});
  const json accounts = j["state"].value("accounts", json::array());
  for (const auto& a : accounts) {
    if (int_of(a, "account") != account) continue;
    const json positions = a.value("positions", json::object());
    for (const auto& [mid, qty] : positions.items())
      if (qty.is_number_integer())
        v.positions[std::stoi(mid)] = qty.get<int64_t>();
    const json live = a.value("live_orders", json::array());
    for (const auto& o : live)
      v.resting.push_back(resting_order{
          static_cast<int>(int_of(o, "market_id")), int_of(o, "order_index"),
          int_of(o, "client_order_index"), o.value("is_ask", false),
          int_of(o, "price"), int_of(o, "remaining")});
  }
  for (const auto& r : j["records"]) {
    if (int_of(r, "account") != account) continue;
    const auto kind = r.value("kind", std::string());
    if (kind == "fill") {
      const int64_t size = int_of(r, "size");
      v.fills.push_back(fill_seen{static_cast<int>(int_of(r, "market_id")),
                                  int_of(r, "trade_id"),
                                  r.value("is_ask", false) ? -size : size});
    } else if (kind == "tx") {
      v.accepted_nonces.emplace_back(static_cast<int>(int_of(r, "api_key")),
                                     int_of(r, "nonce"));
    } else if (kind == "reject") {
      ++v.rejects_by_code[static_cast<int>(int_of(r, "code"))];
    } else if (kind == "nonce_desync") {
      ++v.injected_desyncs;
    }
  }
  if (j.contains("faults") && j["faults"].is_object())
    for (const auto& [name, n] : j.at("faults").items())
      if (n.is_number_integer()) v.faults[name] = n.get<int64_t>();
  return v;
}

std::variant<std::vector<summary_market>, std::string>
parse_summary(const std::string& text) {
  summary_reader reader;
  if (!json::sax_parse(text, &reader)) return "not JSON: " + reader.error;
  return std::move(reader.markets);
}

std::variant<std::map<std::string, std::vector<fill_seen>>, std::string>
read_journal_fills(const std::string& path) {
  std::map<std::string, std::vector<fill_seen>> out;
  auto scan =
      runtime::replay_journal(path, [&](const runtime::journal_record& r) {
        const auto* f = std::get_if<runtime::journal_fill>(&r.entry);
        if (!f) return;
        const int64_t size = f->size.value;
        out[f->market].push_back(
            fill_seen{f->market_index, f->trade_id,
                      f->side == strategy::side::ask ? -size : size});
      });
  if (!scan) return scan.error();
  return out;
}

} // namespace trailgrid::chaos
