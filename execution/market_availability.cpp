#include "execution/market_availability.hpp"

namespace trailgrid::execution {

bool exchange_running(int64_t status) {
  return status == 200 || status == 1;
}

market_availability::market_availability(std::vector<int> markets) {
  for (int m : markets)
    markets_[m];
}

std::vector<availability_change>
market_availability::on_exchange_status(int64_t status) {
  root_status_ = status;
  maintenance_ = !exchange_running(status);
  return settle();
}

std::vector<availability_change> market_availability::on_market_statuses(
    const std::map<int, std::string>& status) {
  for (auto& [id, e] : markets_)
    if (auto i = status.find(id); i != status.end()) e.status = i->second;
  return settle();
}

bool market_availability::active(int market) const {
  auto i = markets_.find(market);
  return i == markets_.end() || i->second.published;
}

std::vector<availability_change> market_availability::settle() {
  std::vector<availability_change> out;
  for (auto& [id, e] : markets_) {
    const bool active = !maintenance_ && e.status == "active";
    if (active == e.published) continue;
    e.published = active;
    std::string why;
    if (active)
      why = "market status active";
    else if (maintenance_)
      why = "exchange maintenance (root status " +
            std::to_string(root_status_) + ")";
    else
      why = "market status " + e.status;
    out.push_back({id, active, std::move(why)});
  }
  return out;
}

} // namespace trailgrid::execution
