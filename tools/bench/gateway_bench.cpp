// Loopback round trips of a signed batch through the typed client and the
// gateway actor: ws_session (encode sendtxbatch, write, server echo reply,
// decode, correlate by id) and the gateway on top (executor request ->
// actor -> io thread -> exchange -> io thread -> actor -> reply), plus a
// fill frame from the exchange to the registered executor.
#include "actors/component_logger.hpp"
#include "actors/gateway_actor.hpp"
#include "lighter/client/ws_session.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/server.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

using namespace trailgrid;
using namespace std::chrono_literals;

namespace {

// Answers every jsonapi/sendtxbatch with code 200, echoing its id.
lighter::net::ws_handlers exchange() {
  lighter::net::ws_handlers h;
  h.on_open = [](const std::shared_ptr<lighter::net::ws_session>& s) {
    s->send(R"({"session_id":"bench","type":"connected"})");
  };
  h.on_text = [](const std::shared_ptr<lighter::net::ws_session>& s,
                 std::string_view text) {
    auto k = text.find("\"id\":\"");
    if (k == std::string_view::npos) return;
    auto start = k + 6;
    auto id = text.substr(start, text.find('"', start) - start);
    s->send(R"({"code":200,"id":")" + std::string(id) +
            R"(","tx_hash":["a","b"],"type":"jsonapi/sendtxbatch"})");
  };
  return h;
}

// A create-order tx_info of realistic length.
std::string tx_info(int i) {
  return R"({"AccountIndex":281474976710540,"ApiKeyIndex":3,"MarketIndex":1,)"
         R"("ClientOrderIndex":)" +
         std::to_string(1000 + i) +
         R"(,"BaseAmount":40,"Price":1000000,"IsAsk":0,"Type":0,)"
         R"("TimeInForce":2,"ReduceOnly":0,"TriggerPrice":0,)"
         R"("OrderExpiry":1785277065764,"ExpiredAt":1785277665764,"Nonce":)" +
         std::to_string(i) +
         R"(,"Sig":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789)"
         R"(abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567"})";
}

struct loopback {
  lighter::net::io_runner server_io{"bench-exch"};
  lighter::net::io_runner client_io{"bench-client"};
  lighter::net::server srv{
      server_io, lighter::net::server_options{},
      [](std::string_view, std::string_view, std::string_view) {
        return lighter::net::http_reply{404, "application/json", "{}"};
      },
      exchange()};
  loopback() { srv.start(); }
  std::string ws_url() const {
    return "ws://127.0.0.1:" + std::to_string(srv.port()) + "/stream";
  }
  ~loopback() {
    srv.stop();
    client_io.stop();
    server_io.stop();
  }
};

void BM_ws_session_batch_round_trip(benchmark::State& state) {
  loopback lb;
  lighter::ws_session_config cfg;
  cfg.url = lb.ws_url();
  cfg.ws.heartbeat_interval = 0ms;
  std::mutex mu;
  std::condition_variable cv;
  bool ready = false;
  lighter::ws_session_callbacks cb;
  cb.on_ready = [&] {
    std::lock_guard<std::mutex> lock(mu);
    ready = true;
    cv.notify_all();
  };
  lighter::ws_session ws(lb.client_io, cfg, cb);
  ws.connect();
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, 5s, [&] { return ready; });
  }
  auto n = static_cast<int>(state.range(0));
  std::vector<lighter::wire_tx> txs;
  for (int i = 0; i < n; ++i)
    txs.push_back({14, tx_info(i)});
  for (auto _ : state) {
    std::atomic<bool> done{false};
    ws.send_tx_batch(txs, [&](lighter::tx_result) {
      done.store(true, std::memory_order_release);
    });
    while (!done.load(std::memory_order_acquire))
      std::this_thread::yield();
  }
}
BENCHMARK(BM_ws_session_batch_round_trip)->Arg(2)->Arg(15)->UseRealTime();

struct bench_config : caf::actor_system_config {
  bench_config() {
    messages::register_types(*this);
    set("scheduler.max-threads", 2);
  }
};

void BM_gateway_batch_round_trip(benchmark::State& state) {
  loopback lb;
  bench_config cfg;
  caf::actor_system sys{cfg};
  {
    caf::scoped_actor self{sys};
    actors::gateway_config gc;
    gc.runner = &lb.client_io;
    gc.rest_url = "http://127.0.0.1:" + std::to_string(lb.srv.port());
    gc.ws_url = lb.ws_url();
    gc.ws.heartbeat_interval = 0ms;
    lighter::market_info btc;
    btc.market_id = 1;
    btc.decimals = {1, 5};
    gc.markets = {btc};
    gc.logger = actors::silent_logger("bench");
    auto gw = actors::spawn_gateway(sys, gc);
    for (int i = 0; i < 5000; ++i) {
      std::string link;
      self->request(gw, 5s, messages::status_atom::value)
          .receive([&](messages::actor_status& s) { link = s.figures["link"]; },
                   [](caf::error&) {});
      if (link == "ready") break;
      std::this_thread::sleep_for(1ms);
    }
    messages::send_batch b;
    b.market_index = 1;
    b.api_key_index = 3;
    for (int i = 0; i < static_cast<int>(state.range(0)); ++i)
      b.txs.push_back(messages::signed_tx{i, 14, tx_info(i), "h"});
    for (auto _ : state) {
      self->request(gw, 5s, b).receive(
          [](messages::batch_reply& r) { benchmark::DoNotOptimize(r); },
          [&](caf::error&) { state.SkipWithError("no reply"); });
    }
    self->send_exit(gw, caf::exit_reason::kill);
  }
  lb.client_io.stop(); // before the actor system goes away
}
BENCHMARK(BM_gateway_batch_round_trip)->Arg(2)->Arg(15)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
