#include "runtime/order_sweeper.hpp"

#include "actors/client_index.hpp"
#include "lighter/codec/exchange_limits.hpp"

#include "caf/all.hpp"

#include <chrono>
#include <thread>

namespace trailgrid::runtime {

using namespace messages;
using namespace std::chrono_literals;

namespace {

// The gateway sends over WebSocket: its frame limit applies.
constexpr size_t max_batch = lighter::limits::max_txs_per_ws_frame;

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

tx_verdict nonce_verdict(exchange_verdict v) {
  if (v == exchange_verdict::accepted) return tx_verdict::accepted;
  if (v == exchange_verdict::resync_nonce || v == exchange_verdict::unknown)
    return tx_verdict::invalid_nonce;
  return tx_verdict::rejected_other;
}

// Our live orders of `market` as the exchange lists them.
std::vector<live_order> ours(caf::scoped_actor& self,
                             const gateway_actor& gateway, int32_t market,
                             uint8_t tag, sweep_report& rep) {
  std::vector<live_order> out;
  actors::client_index_space space{tag, market};
  self->request(gateway, 10s, active_orders_atom::value, market)
      .receive(
          [&](std::vector<live_order>& live) {
            for (auto& o : live)
              if (space.owns(o.client_order_index)) out.push_back(o);
          },
          [&](caf::error& e) {
            rep.errors.push_back("market " + std::to_string(market) + ": " +
                                 self->system().render(e));
          });
  return out;
}

void cancel(caf::scoped_actor& self, const signer_actor& signer,
            const gateway_actor& gateway, int32_t market, uint8_t key,
            const std::vector<live_order>& orders, sweep_report& rep) {
  for (size_t i = 0; i < orders.size(); i += max_batch) {
    sign_request req;
    req.api_key_index = key;
    req.market_index = market;
    auto deadline = unix_ms() + 5 * 60'000;
    for (size_t j = i; j < orders.size() && j < i + max_batch; ++j)
      req.txs.push_back(
          make_cancel_order(market, orders[j].order_index, deadline));
    std::vector<signed_tx> txs;
    bool settled = false;
    self->request(signer, 10s, req)
        .receive(
            [&](sign_result& r) {
              txs = std::move(r.txs);
              settled = r.predecessors_settled;
            },
            [&](caf::error& e) {
              rep.errors.push_back("sign: " + self->system().render(e));
            });
    if (txs.empty()) return;
    send_batch b;
    b.market_index = market;
    b.api_key_index = key;
    b.batch_id = 0xC0FFEE + i;
    b.txs = txs;
    b.predecessors_settled = settled;
    self->request(gateway, 15s, b)
        .receive(
            [&](batch_reply& r) {
              self->send(signer, tx_outcome{key, txs.front().nonce,
                                            static_cast<int32_t>(txs.size()),
                                            nonce_verdict(r.verdict), r.code});
              if (r.verdict == exchange_verdict::accepted)
                rep.cancelled += static_cast<int64_t>(txs.size());
              else
                rep.errors.push_back("cancel: " + to_string(r.verdict) + " " +
                                     r.message);
            },
            [&](caf::error& e) {
              self->send(signer, tx_outcome{key, txs.front().nonce,
                                            static_cast<int32_t>(txs.size()),
                                            tx_verdict::invalid_nonce, 0});
              rep.errors.push_back("send: " + self->system().render(e));
            });
  }
}

} // namespace

sweep_report sweep_orders(caf::scoped_actor& self, const signer_actor& signer,
                          const gateway_actor& gateway,
                          const std::vector<int32_t>& markets,
                          uint8_t api_key_index, uint8_t tag, int rounds) {
  sweep_report rep;
  for (int round = 0; round < rounds; ++round) {
    bool any = false;
    for (auto market : markets) {
      auto live = ours(self, gateway, market, tag, rep);
      if (live.empty()) continue;
      any = true;
      if (round == 0) rep.found += static_cast<int64_t>(live.size());
      cancel(self, signer, gateway, market, api_key_index, live, rep);
    }
    if (!any) break;
    std::this_thread::sleep_for(300ms); // let the cancels land
  }
  return rep;
}

} // namespace trailgrid::runtime
