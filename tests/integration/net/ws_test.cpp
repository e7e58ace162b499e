#define CAF_SUITE net_ws

#include "lighter/net/io_runner.hpp"
#include "lighter/net/monotonic.hpp"
#include "lighter/net/server.hpp"
#include "lighter/net/ws_client.hpp"

#include "caf/test/unit_test.hpp"

#include "net_fixture.hpp"

#include <atomic>

using namespace trailgrid::lighter::net;
using namespace trailgrid::lighter::net::test;

namespace {

struct fixture {
  io_runner client_io{"test-client"};
  io_runner server_io{"test-server"};
  temp_dir dir;
  test_cert cert{dir, "localhost", {"localhost"}};
  ws_recorder client_events;

  // Server side: echo every frame except commands; count heartbeats.
  std::mutex mu;
  std::condition_variable cv;
  std::shared_ptr<ws_session> last_session;
  std::vector<std::string> server_texts;
  std::vector<std::string> server_close_reasons;
  std::atomic<int> heartbeats{0};

  ws_handlers handlers() {
    ws_handlers h;
    h.on_open = [this](const std::shared_ptr<ws_session>& s) {
      s->send(R"({"type":"connected"})");
      std::lock_guard<std::mutex> lock(mu);
      last_session = s;
    };
    h.on_text = [this](const std::shared_ptr<ws_session>& s,
                       std::string_view text) {
      if (text == R"({"type":"ping"})") {
        ++heartbeats;
      } else if (text == "drop") {
        s->drop();
      } else if (text == "close") {
        s->close("bye");
      } else {
        s->send(std::string(text));
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        server_texts.emplace_back(text);
      }
      cv.notify_all();
    };
    h.on_close = [this](const std::shared_ptr<ws_session>&,
                        const std::string& reason) {
      {
        std::lock_guard<std::mutex> lock(mu);
        server_close_reasons.push_back(reason);
      }
      cv.notify_all();
    };
    return h;
  }

  std::string server_close_reason(std::size_t i) {
    std::lock_guard<std::mutex> lock(mu);
    return i < server_close_reasons.size() ? server_close_reasons[i] : "";
  }

  bool wait_server_closes(std::size_t n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, wait_limit,
                       [&] { return server_close_reasons.size() >= n; });
  }

  std::unique_ptr<server> serve(bool tls) {
    server_options opts;
    if (tls) opts.tls = server_tls{cert.pems.cert_pem, cert.pems.key_pem};
    auto s = std::make_unique<server>(
        server_io, opts,
        [](std::string_view, std::string_view, std::string_view) {
          return http_reply{404, "text/plain", "not found"};
        },
        handlers());
    auto port = s->start();
    if (!port) CAF_FAIL("server start failed: " << port.error().message);
    return s;
  }

  url at(const server& s, const std::string& scheme = "ws",
         const std::string& path = "/stream") {
    return *parse_url(scheme + "://127.0.0.1:" + std::to_string(s.port()) +
                      path);
  }

  /// Options without the 30 s heartbeat, so tests see only their frames.
  static ws_options quiet() {
    ws_options o;
    o.heartbeat_interval = std::chrono::milliseconds{0};
    return o;
  }

  std::unique_ptr<ws_client> open(const url& u, tls_options tls = {},
                                  ws_options opts = quiet()) {
    auto c = std::make_unique<ws_client>(client_io, u, tls, opts,
                                         client_events.callbacks());
    c->connect();
    return c;
  }

  ~fixture() {
    client_io.stop();
    server_io.stop();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(net_ws_tests, fixture)

CAF_TEST(a ws client opens receives the greeting and gets its echo) {
  auto srv = serve(false);
  auto client = open(at(*srv));
  CAF_REQUIRE(client_events.wait_open());
  CAF_REQUIRE(client_events.wait_texts(1));
  client->send("hello");
  CAF_REQUIRE(client_events.wait_texts(2));
  auto texts = client_events.texts();
  CAF_CHECK_EQUAL(texts[0], R"({"type":"connected"})");
  CAF_CHECK_EQUAL(texts[1], "hello");
  CAF_CHECK_EQUAL(srv->open_ws_sessions(), 1u);
  client->close();
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.reason(), "closed by client");
  CAF_REQUIRE(wait_server_closes(1));
  CAF_CHECK_EQUAL(server_close_reason(0), "closed by client");
  CAF_CHECK(poll_until([&] { return srv->open_ws_sessions() == 0; }));
  CAF_CHECK_EQUAL(client_events.opens(), 1);
  CAF_CHECK_EQUAL(client_events.closes(), 1);
}

CAF_TEST(a wss client trusting the generated cert gets its echo) {
  auto srv = serve(true);
  auto client = open(at(*srv, "wss"), tls_options{cert.ca_file, {}, false});
  CAF_REQUIRE(client_events.wait_open());
  client->send("over tls");
  CAF_REQUIRE(client_events.wait_texts(2));
  CAF_CHECK_EQUAL(std::string{client_events.texts()[1]}, "over tls");
}

CAF_TEST(a wss client without the ca file is rejected and never opens) {
  auto srv = serve(true);
  auto client = open(at(*srv, "wss"));
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.opens(), 0);
  CAF_CHECK(contains(client_events.reason(), "certificate verify failed"));
}

CAF_TEST(a wss client with a wrong host name is rejected) {
  auto srv = serve(true);
  auto client =
      open(at(*srv, "wss"), tls_options{cert.ca_file, "wrong.example", false});
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.opens(), 0);
  CAF_CHECK(contains(client_events.reason(), "TLS handshake with 127.0.0.1:"));
  CAF_CHECK(contains(client_events.reason(), "hostname mismatch"));
}

CAF_TEST(many frames arrive in order) {
  auto srv = serve(false);
  auto client = open(at(*srv));
  constexpr int n = 5000;
  for (int i = 0; i < n; ++i)
    client->send(std::to_string(i));
  CAF_REQUIRE(client_events.wait_texts(n + 1));
  auto texts = client_events.texts();
  bool in_order = true;
  for (int i = 0; i < n; ++i)
    in_order =
        in_order && texts[static_cast<std::size_t>(i) + 1] == std::to_string(i);
  CAF_CHECK(in_order);
  CAF_CHECK_EQUAL(client->stats().frames_sent, static_cast<std::uint64_t>(n));
  CAF_CHECK_EQUAL(client->stats().frames_received,
                  static_cast<std::uint64_t>(n + 1));
}

CAF_TEST(frames sent from other threads all arrive in per thread order) {
  auto srv = serve(false);
  auto client = open(at(*srv));
  CAF_REQUIRE(client_events.wait_open());
  constexpr int per_thread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i)
        client->send(std::to_string(t) + ":" + std::to_string(i));
    });
  for (auto& th : threads)
    th.join();
  CAF_REQUIRE(client_events.wait_texts(4 * per_thread + 1));
  std::vector<int> next(4, 0);
  bool ordered = true;
  auto texts = client_events.texts();
  for (std::size_t i = 1; i < texts.size(); ++i) {
    auto colon = texts[i].find(':');
    int t = std::stoi(texts[i].substr(0, colon));
    int k = std::stoi(texts[i].substr(colon + 1));
    ordered = ordered && k == next[static_cast<std::size_t>(t)]++;
  }
  CAF_CHECK(ordered);
  for (int v : next)
    CAF_CHECK_EQUAL(v, per_thread);
}

CAF_TEST(frames sent before open go out after the upgrade) {
  auto srv = serve(false);
  ws_client client(client_io, at(*srv), {}, quiet(), client_events.callbacks());
  client.send("early");
  client.connect();
  CAF_REQUIRE(client_events.wait_texts(2));
  CAF_CHECK_EQUAL(std::string{client_events.texts()[1]}, "early");
}

CAF_TEST(a server side drop fires on close on the client) {
  auto srv = serve(false);
  auto client = open(at(*srv));
  CAF_REQUIRE(client_events.wait_open());
  client->send("drop");
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK(contains(client_events.reason(), "connection to 127.0.0.1:"));
  CAF_CHECK(contains(client_events.reason(), "lost"));
  CAF_REQUIRE(wait_server_closes(1));
  CAF_CHECK_EQUAL(server_close_reason(0), "dropped by server");
  // Sending after the end is dropped, not queued forever.
  client->send("late");
  CAF_CHECK(poll_until([&] { return client->stats().frames_dropped >= 1; }));
  CAF_CHECK_EQUAL(client_events.closes(), 1);
}

CAF_TEST(a server side close reports code and reason) {
  auto srv = serve(false);
  auto client = open(at(*srv));
  CAF_REQUIRE(client_events.wait_open());
  client->send("close");
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.reason(), "closed by server (code 1000: bye)");
}

CAF_TEST(the server can drop a session from another thread) {
  auto srv = serve(true);
  auto client = open(at(*srv, "wss"), tls_options{cert.ca_file, {}, false});
  CAF_REQUIRE(client_events.wait_open());
  std::shared_ptr<ws_session> s;
  CAF_REQUIRE(poll_until([&] {
    std::lock_guard<std::mutex> lock(mu);
    s = last_session;
    return s != nullptr;
  }));
  s->send("pushed");
  CAF_REQUIRE(client_events.wait_texts(2));
  CAF_CHECK_EQUAL(std::string{client_events.texts()[1]}, "pushed");
  s->drop();
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.opens(), 1);
}

CAF_TEST(heartbeat frames arrive at the configured interval) {
  auto srv = serve(false);
  ws_options opts = quiet();
  opts.heartbeat_interval = std::chrono::milliseconds{30};
  auto client = open(at(*srv), {}, opts);
  CAF_REQUIRE(client_events.wait_open());
  CAF_CHECK(poll_until([&] { return heartbeats.load() >= 3; }));
}

CAF_TEST(websocket control pings keep an idle connection alive) {
  auto srv = serve(false);
  ws_options opts = quiet();
  opts.idle_timeout = std::chrono::milliseconds{400}; // ping after 200 ms
  auto client = open(at(*srv), {}, opts);
  CAF_REQUIRE(client_events.wait_open());
  CAF_CHECK(poll_until([&] { return client->stats().pongs_received >= 2; }));
  CAF_CHECK_EQUAL(client_events.closes(), 0);
}

CAF_TEST(send timestamps and sequence numbers are recorded) {
  auto srv = serve(false);
  auto client = open(at(*srv));
  CAF_REQUIRE(client_events.wait_texts(1));
  auto before = monotonic_ns();
  auto seq1 = client->send("a");
  auto seq2 = client->send("b");
  CAF_CHECK_EQUAL(seq2, seq1 + 1);
  CAF_REQUIRE(client_events.wait_texts(3));
  CAF_REQUIRE(client_events.wait_sent(2));
  auto sent = client_events.sent();
  CAF_CHECK_EQUAL(sent[0].first, seq1);
  CAF_CHECK_EQUAL(sent[1].first, seq2);
  CAF_CHECK(sent[0].second >= before);
  CAF_CHECK(sent[1].second >= sent[0].second);
  auto st = client->stats();
  CAF_CHECK(st.opened_ns > 0);
  CAF_CHECK(st.last_receive_ns >= before);
  CAF_CHECK_EQUAL(st.last_write_done_ns, sent[1].second);
}

CAF_TEST(connecting to a closed port ends with on close and no open) {
  std::uint16_t port = 0;
  {
    auto srv = serve(false);
    port = srv->port();
  }
  auto client = open(*parse_url("ws://127.0.0.1:" + std::to_string(port)));
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.opens(), 0);
  CAF_CHECK(contains(client_events.reason(), "connecting to 127.0.0.1:"));
}

CAF_TEST(an upgrade on an unknown path is refused) {
  auto srv = serve(false);
  auto client = open(at(*srv, "ws", "/elsewhere"));
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK_EQUAL(client_events.opens(), 0);
  CAF_CHECK(contains(client_events.reason(), "WebSocket upgrade"));
}

CAF_TEST(destroying the client closes the connection) {
  auto srv = serve(false);
  {
    auto client = open(at(*srv));
    CAF_REQUIRE(client_events.wait_open());
  }
  CAF_REQUIRE(wait_server_closes(1));
  CAF_CHECK(client_events.wait_closed());
}

CAF_TEST(closing before connect fires on close once) {
  ws_client client(client_io, *parse_url("ws://127.0.0.1:1/"), {}, quiet(),
                   client_events.callbacks());
  client.close();
  client.connect();
  CAF_REQUIRE(client_events.wait_closed());
  std::this_thread::sleep_for(50ms);
  CAF_CHECK_EQUAL(client_events.closes(), 1);
  CAF_CHECK_EQUAL(client_events.opens(), 0);
}

CAF_TEST(an http url is refused by the ws client) {
  ws_client client(client_io, *parse_url("http://127.0.0.1:1/"), {}, quiet(),
                   client_events.callbacks());
  client.connect();
  CAF_REQUIRE(client_events.wait_closed());
  CAF_CHECK(contains(client_events.reason(), "ws:// or wss://"));
}

CAF_TEST_FIXTURE_SCOPE_END()
