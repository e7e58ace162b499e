// lighter-sim: the exchange simulator server. Parses the command line, builds
// the exchange (sim_core) and serves it over lighter_net (HTTP + WebSocket,
// plain or TLS). Every exchange call runs on the one io thread.

#include "lighter/net/io_runner.hpp"
#include "lighter/net/self_signed_cert.hpp"
#include "lighter/net/server.hpp"
#include "lighter/net/unix_time.hpp"
#include "tools/lighter-sim/cli.hpp"
#include "tools/lighter-sim/exchange.hpp"
#include "tools/lighter-sim/publish_slices.hpp"
#include "tools/lighter-sim/sim_api.hpp"
#include "tools/lighter-sim/verify.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

using namespace trailgrid::sim;
namespace net = trailgrid::lighter::net;

namespace {

// Markets a published slice holds: about 1 ms of frames at 100 markets, the
// longest a transaction waits for the tick's market data.
constexpr size_t markets_per_slice = 8;

std::atomic<bool> stop_requested{false};

void on_signal(int) {
  stop_requested = true;
}

// State of the server glue; touched only on the io thread.
struct glue {
  glue(exchange& e, sim_api& a) : ex(e), api(a) {}

  exchange& ex;
  sim_api& api;
  std::ofstream* record = nullptr;
  size_t records_written = 0;
  net::io_runner* runner = nullptr;
  bool flush_posted = false;
  std::map<uint64_t, uint64_t> api_of_net;
  std::map<uint64_t, std::shared_ptr<net::ws_session>> sessions;
  std::multimap<ms_t, std::pair<uint64_t, std::string>> delayed;
  int64_t drops_done = 0;
  /// Events not yet published, a few markets a slice (publish_slices.hpp).
  std::deque<std::vector<sim_event>> unpublished;
  bool slice_posted = false;

  void send(uint64_t api_session, std::string text) {
    auto it = sessions.find(api_session);
    if (it != sessions.end()) it->second->send(std::move(text));
  }

  // Appends what the exchange did to the record file and publishes it: the
  // first slice now, the others one handler each, behind any slices still
  // waiting (so every channel keeps its order).
  void flush(ms_t now) {
    for (auto& s : slice_for_publish(ex.drain_events(), markets_per_slice))
      unpublished.push_back(std::move(s));
    write_records();
    if (!slice_posted) publish_slice(now);
  }

  void publish_slice(ms_t now) {
    slice_posted = false;
    if (!unpublished.empty()) {
      auto slice = std::move(unpublished.front());
      unpublished.pop_front();
      for (auto& f : api.publish(slice, now)) {
        if (f.delay_ms > 0)
          delayed.emplace(now + f.delay_ms,
                          std::make_pair(f.session, std::move(f.text)));
        else
          send(f.session, std::move(f.text));
      }
    }
    while (!delayed.empty() && delayed.begin()->first <= now) {
      auto node = delayed.extract(delayed.begin());
      send(node.mapped().first, std::move(node.mapped().second));
    }
    if (unpublished.empty()) return;
    slice_posted = true;
    runner->post([this] { publish_slice(net::unix_ms()); });
  }

  // A request's flush runs after its handler: the handler's reply is
  // written first (a sendTx is answered without waiting for the frames of
  // its orders, as the exchange answers it), and requests handled in the
  // meantime share the one flush. The frames still follow the reply.
  void flush_after_reply() {
    if (flush_posted) return;
    flush_posted = true;
    runner->post([this] {
      flush_posted = false;
      flush(net::unix_ms());
    });
  }

  void write_records() {
    if (!record) return;
    const auto& rec = ex.record();
    for (; records_written < rec.size(); ++records_written)
      *record << to_json_line(rec[records_written]) << '\n';
    record->flush();
  }

  void tick() {
    const ms_t now = net::unix_ms();
    ex.advance(now);
    flush(now);
    const int64_t due = api.drops_due(now);
    if (due > drops_done) {
      drops_done = due;
      drop_all(ex.faults_injected().ws_drops);
    }
    close_aged(now);
    if (api.ws_down(now)) drop_all(ex.faults_injected().ws_outage_drops);
  }

  // Drops every open socket and counts them in `counter`.
  void drop_all(int64_t& counter) {
    auto all = sessions;
    counter += static_cast<int64_t>(all.size());
    for (auto& [id, s] : all)
      s->drop();
  }

  // The session-age fault: a normal close, as the exchange ends old sessions.
  void close_aged(ms_t now) {
    for (uint64_t id : api.sessions_to_close(now)) {
      auto it = sessions.find(id);
      if (it == sessions.end()) continue;
      auto s = it->second;
      s->close("session age limit");
    }
  }
};

} // namespace

int main(int argc, char** argv) {
  // Before anything is printed: a test may signal right after the first line.
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto parsed = parse_cli(argc, argv);
  if (auto* e = std::get_if<std::string>(&parsed)) {
    std::cerr << "lighter-sim: " << *e << "\n";
    return 2;
  }
  const auto& opts = std::get<cli_options>(parsed);
  if (opts.help) {
    std::cout << cli_help();
    return 0;
  }
  auto built = build_config(opts);
  if (auto* e = std::get_if<std::string>(&built)) {
    std::cerr << "lighter-sim: " << *e << "\n";
    return 2;
  }
  const sim_cfg cfg = std::get<sim_cfg>(std::move(built));
  const ms_t start = net::unix_ms();
  std::map<int, price_path> paths;
  for (const auto& m : cfg.markets) {
    if (m.path.source == path_source::synthetic) continue;
    auto p = make_path(m, cfg.seed, start);
    if (auto* e = std::get_if<std::string>(&p)) {
      std::cerr << "lighter-sim: market " << m.market_id << ": " << *e << "\n";
      return 2;
    }
    paths.emplace(m.market_id, std::get<price_path>(std::move(p)));
  }
  exchange ex(cfg, start, std::move(paths));
  sim_api api(ex,
              opts.no_verify ? verifiers{} : schnorr_verifiers(cfg.chain_id),
              start);
  std::ofstream record;
  if (!opts.record_file.empty()) {
    record.open(opts.record_file, std::ios::app);
    if (!record) {
      std::cerr << "lighter-sim: cannot open " << opts.record_file << "\n";
      return 2;
    }
  }
  glue g(ex, api);
  if (record.is_open()) g.record = &record;

  net::server_options so;
  so.port = opts.port;
  if (opts.tls) {
    auto pems = net::make_self_signed_cert();
    if (!pems) {
      std::cerr << "lighter-sim: certificate: " << pems.error().message << "\n";
      return 1;
    }
    if (!opts.cert_dir.empty()) {
      if (auto e = net::write_pem_files(*pems, opts.cert_dir + "/cert.pem",
                                        opts.cert_dir + "/key.pem")) {
        std::cerr << "lighter-sim: " << e->message << "\n";
        return 1;
      }
    }
    so.tls = net::server_tls{pems->cert_pem, pems->key_pem};
  }

  net::io_runner runner("lighter-sim");
  g.runner = &runner;
  auto http = [&g](const net::incoming_request& req) {
    const ms_t now = net::unix_ms();
    auto r = g.api.handle_http(
        {std::string(req.method), std::string(req.target),
         std::string(req.body),
         std::string(req.header("Authorization").value_or(""))},
        now);
    g.flush_after_reply();
    return net::http_reply{r.status, "application/json", std::move(r.body)};
  };
  net::ws_handlers ws;
  ws.on_open = [&g](const std::shared_ptr<net::ws_session>& s) {
    if (g.api.ws_down(net::unix_ms())) { // outage fault: not a single frame
      ++g.ex.faults_injected().ws_outage_drops;
      return s->drop();
    }
    auto [id, hello] = g.api.open_session(net::unix_ms());
    g.api_of_net[s->id()] = id;
    g.sessions[id] = s;
    s->send(std::move(hello));
  };
  ws.on_text = [&g](const std::shared_ptr<net::ws_session>& s,
                    std::string_view text) {
    auto it = g.api_of_net.find(s->id());
    if (it == g.api_of_net.end()) return;
    const ms_t now = net::unix_ms();
    for (auto& reply : g.api.on_ws_text(it->second, text, now))
      s->send(std::move(reply));
    g.flush_after_reply();
  };
  ws.on_close = [&g](const std::shared_ptr<net::ws_session>& s,
                     const std::string&) {
    auto it = g.api_of_net.find(s->id());
    if (it == g.api_of_net.end()) return;
    g.api.close_session(it->second);
    g.sessions.erase(it->second);
    g.api_of_net.erase(it);
  };
  net::server srv(runner, so, http, ws);
  auto port = srv.start();
  if (!port) {
    std::cerr << "lighter-sim: cannot listen: " << port.error().message << "\n";
    return 1;
  }
  const char* http_scheme = opts.tls ? "https" : "http";
  const char* ws_scheme = opts.tls ? "wss" : "ws";
  std::printf("rest=%s://127.0.0.1:%u ws=%s://127.0.0.1:%u/stream\n",
              http_scheme, static_cast<unsigned>(*port), ws_scheme,
              static_cast<unsigned>(*port));
  std::fflush(stdout);
  std::cerr << "lighter-sim: " << cfg.markets.size() << " markets, "
            << cfg.accounts.size() << " accounts, speed " << cfg.speed
            << ", seed " << cfg.seed
            << (opts.no_verify ? ", signatures NOT verified" : "") << "\n";

  while (!stop_requested) {
    std::this_thread::sleep_for(std::chrono::milliseconds(opts.tick_ms));
    runner.post([&g] { g.tick(); });
  }
  srv.stop();
  runner.stop();
  g.write_records(); // those of a flush the stop dropped
  // Session handles must die while the io_context (owned by runner) lives.
  g.sessions.clear();
  g.delayed.clear();
  return 0;
}
