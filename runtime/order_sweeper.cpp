#include "runtime/order_sweeper.hpp"

#include "execution/client_index.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "lighter/net/unix_time.hpp"

#include "caf/all.hpp"

#include <chrono>
#include <optional>
#include <thread>

namespace trailgrid::runtime {

using namespace messages;
using namespace std::chrono_literals;

namespace {

// The gateway sends over WebSocket: its frame limit applies.
constexpr size_t max_batch = lighter::limits::max_txs_per_ws_frame;

// Our live orders on each of `markets` as the exchange lists them; nothing
// for a market the exchange could not be asked about. Asked all at once:
// the gateway answers asks that wait together from one listing read, which
// matters on a budget of 60 requests a minute.
std::vector<std::optional<std::vector<live_order>>>
ours(caf::scoped_actor& self, const gateway_actor& gateway,
     const std::vector<int32_t>& markets, uint8_t tag, sweep_report& rep) {
  using handle = decltype(self->request(gateway, 10s, active_orders_atom::value,
                                        int32_t{0}));
  std::vector<handle> asks;
  asks.reserve(markets.size());
  for (auto market : markets)
    asks.push_back(
        self->request(gateway, 10s, active_orders_atom::value, market));
  std::vector<std::optional<std::vector<live_order>>> out(markets.size());
  for (size_t i = 0; i < markets.size(); ++i) {
    execution::client_index_space space{tag, markets[i]};
    asks[i].receive(
        [&](std::vector<live_order>& live) {
          out[i].emplace();
          for (auto& o : live)
            if (space.owns(o.client_order_index)) out[i]->push_back(o);
        },
        [&](caf::error& e) {
          rep.errors.push_back("market " + std::to_string(markets[i]) + ": " +
                               self->system().render(e));
        });
  }
  return out;
}

void cancel(caf::scoped_actor& self, const signer_actor& signer,
            const gateway_actor& gateway, int32_t market, uint8_t key,
            const std::vector<live_order>& orders, sweep_report& rep) {
  for (size_t i = 0; i < orders.size(); i += max_batch) {
    sign_request req;
    req.api_key_index = key;
    req.market_index = market;
    auto deadline = lighter::net::unix_ms() + 5 * 60'000;
    for (size_t j = i; j < orders.size() && j < i + max_batch; ++j)
      req.txs.push_back(
          make_cancel_order(market, orders[j].order_index, deadline));
    sign_and_send send;
    send.request = std::move(req);
    send.gateway = gateway;
    send.batch_id = 0xC0FFEE + i;
    auto count = static_cast<int64_t>(send.request.txs.size());
    // Signed in the key's turn; the gateway sends it (over REST when the
    // WebSocket is down) and answers here.
    self->request(signer, 30s, std::move(send))
        .receive(
            [&](batch_reply& r) {
              if (r.verdict == exchange_verdict::accepted)
                rep.cancelled += count;
              else
                rep.errors.push_back("cancel: " + to_string(r.verdict) + " " +
                                     r.message);
            },
            [&](caf::error& e) {
              rep.errors.push_back("cancel: " + self->system().render(e));
            });
  }
}

} // namespace

sweep_report sweep_orders(caf::scoped_actor& self, const signer_actor& signer,
                          const gateway_actor& gateway,
                          const std::vector<int32_t>& markets,
                          uint8_t api_key_index, uint8_t tag,
                          std::chrono::seconds bound) {
  sweep_report rep;
  auto deadline = std::chrono::steady_clock::now() + bound;
  for (int round = 0;; ++round) {
    bool all_answered = true;
    rep.remaining.clear();
    auto listed = ours(self, gateway, markets, tag, rep);
    for (size_t i = 0; i < markets.size(); ++i) {
      auto& live = listed[i];
      if (!live) {
        all_answered = false;
        continue;
      }
      if (live->empty()) continue;
      if (round == 0) rep.found += static_cast<int64_t>(live->size());
      rep.remaining.insert(rep.remaining.end(), live->begin(), live->end());
      if (std::chrono::steady_clock::now() < deadline)
        cancel(self, signer, gateway, markets[i], api_key_index, *live, rep);
    }
    if (all_answered && rep.remaining.empty()) {
      rep.confirmed_empty = true;
      return rep;
    }
    if (std::chrono::steady_clock::now() >= deadline) return rep;
    std::this_thread::sleep_for(500ms); // let the cancels land
  }
}

} // namespace trailgrid::runtime
