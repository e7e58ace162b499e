#include "runtime/admin/status_json.hpp"

#include <nlohmann/json.hpp>

namespace trailgrid::runtime {

namespace {

using json = nlohmann::ordered_json;

json to_json_value(const messages::actor_status& x) {
  json j;
  j["name"] = x.name;
  j["kind"] = x.kind;
  j["state"] = to_string(x.state);
  if (x.state == messages::run_state::backing_off) {
    j["attempt"] = x.attempt;
    j["next_retry_in_ms"] = x.next_retry_in_ms;
  }
  j["restarts"] = x.restarts;
  j["uptime_ms"] = x.uptime_ms;
  j["mailbox_size"] = x.mailbox_size;
  j["figures"] = json::object();
  for (auto& [k, v] : x.figures)
    j["figures"][k] = v;
  j["children"] = json::array();
  for (auto& c : x.children)
    j["children"].push_back(to_json_value(c));
  return j;
}

messages::actor_status from_json_value(const json& j) {
  messages::actor_status x;
  x.name = j.at("name").get<std::string>();
  x.kind = j.at("kind").get<std::string>();
  auto state = parse_run_state(j.at("state").get<std::string>());
  if (!state)
    throw std::invalid_argument("unknown state '" +
                                j.at("state").get<std::string>() + "'");
  x.state = *state;
  x.attempt = j.value("attempt", 0u);
  x.next_retry_in_ms = j.value("next_retry_in_ms", int64_t{0});
  x.restarts = j.value("restarts", 0u);
  x.uptime_ms = j.value("uptime_ms", int64_t{0});
  x.mailbox_size = j.value("mailbox_size", uint64_t{0});
  if (j.contains("figures"))
    for (auto& [k, v] : j.at("figures").items())
      x.figures[k] = v.get<std::string>();
  if (j.contains("children"))
    for (auto& c : j.at("children"))
      x.children.push_back(from_json_value(c));
  return x;
}

} // namespace

std::optional<messages::run_state> parse_run_state(std::string_view s) {
  using messages::run_state;
  for (auto st : {run_state::running, run_state::backing_off, run_state::paused,
                  run_state::halted, run_state::stopped})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

std::string status_to_json(const messages::actor_status& x) {
  return to_json_value(x).dump();
}

expected<messages::actor_status, std::string>
status_from_json(const std::string& text) {
  try {
    return from_json_value(json::parse(text));
  } catch (const std::exception& e) {
    return std::string{"bad status JSON: "} + e.what();
  }
}

} // namespace trailgrid::runtime
