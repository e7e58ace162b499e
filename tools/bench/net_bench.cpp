// Loopback round trips through lighter_net: WS and WSS echo (client io
// thread -> server io thread -> back), and keep-alive HTTP GETs.
#include "lighter/net/https_client.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/self_signed_cert.hpp"
#include "lighter/net/server.hpp"
#include "lighter/net/ws_client.hpp"

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

using namespace trailgrid::lighter::net;

namespace {

/// A loopback server (plain and TLS) and connected clients, set up once.
struct loopback {
  io_runner server_io{"bench-server"};
  io_runner client_io{"bench-client"};
  pem_pair pems = *make_self_signed_cert();
  std::string ca_file =
      (std::filesystem::temp_directory_path() / "trailgrid-net-bench-ca.pem")
          .string();
  std::unique_ptr<server> plain;
  std::unique_ptr<server> tls;
  std::atomic<std::uint64_t> ws_received{0};
  std::atomic<std::uint64_t> wss_received{0};
  std::unique_ptr<ws_client> ws;
  std::unique_ptr<ws_client> wss;
  std::unique_ptr<https_client> http;

  static http_reply echo_http(std::string_view, std::string_view target,
                              std::string_view) {
    return {200, "application/json", std::string(target)};
  }

  ws_handlers echo_ws() {
    ws_handlers h;
    h.on_text = [](const std::shared_ptr<ws_session>& s,
                   std::string_view text) { s->send(std::string(text)); };
    return h;
  }

  std::unique_ptr<ws_client> connect(const server& s, const char* scheme,
                                     std::atomic<std::uint64_t>& counter) {
    auto u = parse_url(std::string(scheme) +
                       "://127.0.0.1:" + std::to_string(s.port()) + "/stream");
    ws_callbacks cbs;
    cbs.on_text = [&counter](std::string_view) {
      counter.fetch_add(1, std::memory_order_release);
    };
    ws_options opts;
    opts.heartbeat_interval = std::chrono::milliseconds{0};
    auto c = std::make_unique<ws_client>(
        client_io, *u, tls_options{ca_file, {}, false}, opts, cbs);
    c->connect();
    c->send("warm-up");
    wait(counter, 1);
    return c;
  }

  static void wait(const std::atomic<std::uint64_t>& counter,
                   std::uint64_t target) {
    auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (counter.load(std::memory_order_acquire) < target) {
      if (std::chrono::steady_clock::now() > limit) {
        std::fprintf(stderr, "net_bench: no echo within 5 s\n");
        std::abort();
      }
      std::this_thread::yield();
    }
  }

  loopback() {
    write_pem_files(pems, ca_file, ca_file + ".key");
    plain = std::make_unique<server>(server_io, server_options{}, echo_http,
                                     echo_ws());
    server_options tls_opts;
    tls_opts.tls = server_tls{pems.cert_pem, pems.key_pem};
    tls = std::make_unique<server>(server_io, tls_opts, echo_http, echo_ws());
    if (!plain->start() || !tls->start()) std::abort();
    ws = connect(*plain, "ws", ws_received);
    wss = connect(*tls, "wss", wss_received);
    http = std::make_unique<https_client>(
        client_io,
        *parse_url("http://127.0.0.1:" + std::to_string(plain->port())));
  }

  ~loopback() {
    ws.reset();
    wss.reset();
    http.reset();
    client_io.stop();
    server_io.stop();
    std::filesystem::remove(ca_file);
    std::filesystem::remove(ca_file + ".key");
  }
};

loopback& env() {
  static loopback instance;
  return instance;
}

void ws_round_trip(benchmark::State& state, bool use_tls) {
  auto& e = env();
  auto& client = use_tls ? *e.wss : *e.ws;
  auto& counter = use_tls ? e.wss_received : e.ws_received;
  // A typical Lighter frame is a few hundred bytes of JSON.
  std::string frame(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    auto target = counter.load() + 1;
    client.send(frame);
    loopback::wait(counter, target);
  }
}

void BM_ws_echo_round_trip(benchmark::State& state) {
  ws_round_trip(state, false);
}
BENCHMARK(BM_ws_echo_round_trip)->Arg(256)->UseRealTime();

void BM_wss_echo_round_trip(benchmark::State& state) {
  ws_round_trip(state, true);
}
BENCHMARK(BM_wss_echo_round_trip)->Arg(256)->UseRealTime();

void BM_http_get_keep_alive(benchmark::State& state) {
  auto& e = env();
  for (auto _ : state) {
    auto res = e.http->get("/api/v1/nonce", {{"account_index", "1"}});
    if (!res) state.SkipWithError(res.error().message.c_str());
  }
}
BENCHMARK(BM_http_get_keep_alive)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
