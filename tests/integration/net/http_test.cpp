#define CAF_SUITE net_http

#include "lighter/net/http_router.hpp"
#include "lighter/net/https_client.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/server.hpp"

#include "caf/test/unit_test.hpp"

#include "net_fixture.hpp"

#include <atomic>
#include <future>

using namespace trailgrid::lighter::net;
using namespace trailgrid::lighter::net::test;

namespace {

/// Number of /slow requests that finished sleeping.
std::atomic<int> slow_done{0};

/// Echoes "METHOD TARGET BODY"; /status/418 answers 418; /slow sleeps.
http_reply echo(std::string_view method, std::string_view target,
                std::string_view body) {
  if (target == "/status/418") return {418, "text/plain", "teapot"};
  if (target == "/slow") {
    std::this_thread::sleep_for(600ms);
    ++slow_done;
  }
  std::string out(method);
  out += ' ';
  out += target;
  out += ' ';
  out += body;
  return {200, "text/plain", out};
}

struct fixture {
  // Client and server on separate io threads, as in a real deployment.
  io_runner client_io{"test-client"};
  io_runner server_io{"test-server"};
  temp_dir dir;
  test_cert cert{dir, "localhost", {"localhost"}};

  /// Starts a server; TLS with `tls_cert` if given.
  std::unique_ptr<server> serve(const test_cert* tls_cert = nullptr,
                                server_options opts = {}) {
    if (tls_cert)
      opts.tls = server_tls{tls_cert->pems.cert_pem, tls_cert->pems.key_pem};
    auto s = std::make_unique<server>(server_io, opts, echo);
    auto port = s->start();
    if (!port) CAF_FAIL("server start failed: " << port.error().message);
    return s;
  }

  url at(const std::string& scheme, const server& s,
         const std::string& host = "127.0.0.1") {
    auto u = parse_url(scheme + "://" + host + ":" + std::to_string(s.port()));
    if (!u) CAF_FAIL(u.error().message);
    return *u;
  }

  tls_options trusting() { return tls_options{cert.ca_file, {}, false}; }

  ~fixture() {
    client_io.stop();
    server_io.stop();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(net_http_tests, fixture)

CAF_TEST(a plain get sends the query and returns status and body) {
  auto srv = serve();
  https_client client(client_io, at("http", *srv));
  auto res =
      client.get("/api/v1/orderBooks", {{"market_id", "1"}, {"x", "a b"}});
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->status, 200);
  CAF_CHECK_EQUAL(res->body, "GET /api/v1/orderBooks?market_id=1&x=a%20b ");
}

CAF_TEST(a plain post sends a urlencoded form the server can decode) {
  auto srv = serve();
  https_client client(client_io, at("http", *srv));
  query_params form{{"tx_type", "14"}, {"tx_info", R"({"Nonce":7})"}};
  auto res = client.post_form("/api/v1/sendTx", form);
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->status, 200);
  std::string prefix = "POST /api/v1/sendTx ";
  CAF_REQUIRE(res->body.rfind(prefix, 0) == 0);
  auto decoded = form_decode(res->body.substr(prefix.size()));
  CAF_REQUIRE(decoded.has_value());
  CAF_CHECK(*decoded == form);
}

CAF_TEST(a non 200 status is a response and not an error) {
  auto srv = serve();
  https_client client(client_io, at("http", *srv));
  auto res = client.get("/status/418");
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->status, 418);
  CAF_CHECK_EQUAL(res->body, "teapot");
}

CAF_TEST(the base url path is a prefix of every request target) {
  auto srv = serve();
  auto base =
      parse_url("http://127.0.0.1:" + std::to_string(srv->port()) + "/api/v1/");
  CAF_REQUIRE(base.has_value());
  https_client client(client_io, *base);
  auto res = client.get("nonce", {{"account_index", "7"}});
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->body, "GET /api/v1/nonce?account_index=7 ");
}

CAF_TEST(two requests reuse one keep alive connection) {
  auto srv = serve();
  https_client client(client_io, at("http", *srv));
  CAF_CHECK(client.get("/a").has_value());
  CAF_CHECK(client.post_form("/b", {{"k", "v"}}).has_value());
  CAF_CHECK(client.get("/c").has_value());
  CAF_CHECK_EQUAL(srv->accepted_connections(), 1u);
  CAF_CHECK_EQUAL(client.connections_opened(), 1u);
}

CAF_TEST(a keep alive connection closed by the server is replaced) {
  // Guards against sending into a connection the server already closed
  // (a lost sendTx): the client must notice and reconnect before writing.
  server_options opts;
  opts.http_idle_timeout = 100ms;
  auto srv = serve(nullptr, opts);
  https_client client(client_io, at("http", *srv));
  CAF_REQUIRE(client.get("/first").has_value());
  // Wait (bounded) until the server's idle close has happened.
  CAF_REQUIRE(poll_until([&] { return srv->open_connections() == 0; }));
  std::this_thread::sleep_for(20ms); // and the FIN reached the client
  auto res = client.post_form("/second", {{"k", "v"}});
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->body, "POST /second k=v");
  CAF_CHECK_EQUAL(srv->accepted_connections(), 2u);
  CAF_CHECK_EQUAL(client.connections_opened(), 2u);
}

CAF_TEST(async requests complete in order on the io thread) {
  auto srv = serve();
  https_client client(client_io, at("http", *srv));
  std::mutex mu;
  std::vector<std::string> bodies;
  std::atomic<int> on_io_thread{0};
  std::promise<void> all_done;
  for (int i = 0; i < 20; ++i) {
    client.async_get("/n/" + std::to_string(i), {},
                     [&, i](result<http_response> res) {
                       if (client_io.in_io_thread()) ++on_io_thread;
                       std::lock_guard<std::mutex> lock(mu);
                       bodies.push_back(res ? res->body : res.error().message);
                       if (i == 19) all_done.set_value();
                     });
  }
  CAF_REQUIRE(all_done.get_future().wait_for(wait_limit) ==
              std::future_status::ready);
  CAF_CHECK_EQUAL(on_io_thread.load(), 20);
  std::lock_guard<std::mutex> lock(mu);
  CAF_REQUIRE_EQUAL(bodies.size(), 20u);
  for (int i = 0; i < 20; ++i)
    CAF_CHECK_EQUAL(bodies[static_cast<std::size_t>(i)],
                    "GET /n/" + std::to_string(i) + " ");
  CAF_CHECK_EQUAL(srv->accepted_connections(), 1u);
}

CAF_TEST(a blocking call from the io thread is refused instead of hanging) {
  auto srv = serve();
  https_client client(client_io, at("http", *srv));
  std::promise<result<http_response>> inner;
  client.async_get("/x", {}, [&](result<http_response>) {
    inner.set_value(client.get("/y"));
  });
  auto f = inner.get_future();
  CAF_REQUIRE(f.wait_for(wait_limit) == std::future_status::ready);
  auto res = f.get();
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::invalid_argument);
}

CAF_TEST(a slow response times out with a timeout error) {
  auto srv = serve();
  http_options opts;
  opts.request_timeout = 150ms;
  https_client client(client_io, at("http", *srv), {}, opts);
  int done_before = slow_done.load();
  auto res = client.get("/slow");
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::timeout);
  CAF_CHECK(contains(res.error().message, "timed out after 150 ms"));
  // The next request works on a fresh connection.
  // Let the server's io thread finish /slow before asking again.
  CAF_REQUIRE(poll_until([&] { return slow_done.load() > done_before; }));
  auto again = client.get("/after");
  CAF_REQUIRE(again.has_value());
  CAF_CHECK_EQUAL(again->body, "GET /after ");
}

CAF_TEST(a refused connection is a connect error) {
  std::uint16_t port = 0;
  {
    auto srv = serve();
    port = srv->port();
  }
  auto u = parse_url("http://127.0.0.1:" + std::to_string(port));
  https_client client(client_io, *u);
  auto res = client.get("/");
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::connect);
  CAF_CHECK(contains(res.error().message, "cannot connect to 127.0.0.1:"));
}

CAF_TEST(a websocket url is refused by the http client) {
  https_client client(client_io, *parse_url("ws://127.0.0.1:1/"));
  auto res = client.get("/");
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::invalid_argument);
}

CAF_TEST(https get and post work with the generated cert as ca file) {
  auto srv = serve(&cert);
  https_client by_ip(client_io, at("https", *srv), trusting());
  auto res = by_ip.get("/tls", {{"q", "1"}});
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->body, "GET /tls?q=1 ");
  auto post = by_ip.post_form("/tx", {{"a", "b"}});
  CAF_REQUIRE(post.has_value());
  CAF_CHECK_EQUAL(post->body, "POST /tx a=b");
  CAF_CHECK_EQUAL(by_ip.connections_opened(), 1u);
  https_client by_name(client_io, at("https", *srv, "localhost"), trusting());
  auto named = by_name.get("/named");
  CAF_REQUIRE(named.has_value());
  CAF_CHECK_EQUAL(named->status, 200);
}

CAF_TEST(https without the ca file is rejected because verify is on) {
  auto srv = serve(&cert);
  https_client client(client_io, at("https", *srv)); // system trust store
  auto res = client.get("/");
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::tls);
  CAF_CHECK(contains(res.error().message,
                     "certificate verify failed (self-signed certificate)"));
}

CAF_TEST(https to a host the certificate does not name is rejected) {
  test_cert other(dir, "other", {"elsewhere.test"}, {});
  auto srv = serve(&other);
  tls_options tls{other.ca_file, {}, false};
  https_client client(client_io, at("https", *srv), tls);
  auto res = client.get("/");
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::tls);
  CAF_CHECK(contains(res.error().message, "IP address mismatch"));
  // The same cert is fine when we ask for the name it carries.
  tls.server_name = "elsewhere.test";
  https_client named(client_io, at("https", *srv), tls);
  CAF_CHECK(named.get("/").has_value());
  // And a wrong explicit name is rejected even against a good cert.
  auto good = serve(&cert);
  https_client wrong(client_io, at("https", *good),
                     tls_options{cert.ca_file, "wrong.example", false});
  auto bad = wrong.get("/");
  CAF_REQUIRE(!bad.has_value());
  CAF_CHECK_EQUAL(bad.error().code, net_errc::tls);
  CAF_CHECK(contains(bad.error().message, "hostname mismatch"));
}

CAF_TEST(insecure mode accepts an unknown certificate only when asked) {
  auto srv = serve(&cert);
  tls_options insecure;
  insecure.insecure_skip_verify = true;
  https_client client(client_io, at("https", *srv), insecure);
  auto res = client.get("/");
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->status, 200);
}

CAF_TEST(a missing ca file is a clear configuration error) {
  auto srv = serve(&cert);
  https_client client(client_io, at("https", *srv),
                      tls_options{dir.file("nope.pem"), {}, false});
  auto res = client.get("/");
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, net_errc::invalid_argument);
  CAF_CHECK(contains(res.error().message, "nope.pem"));
}

CAF_TEST(an rsa certificate works as well as an ec one) {
  cert_request req;
  req.key_type = cert_key_type::rsa_2048;
  auto rsa = make_self_signed_cert(req);
  CAF_REQUIRE(rsa.has_value());
  CAF_CHECK(contains(rsa->key_pem, "BEGIN PRIVATE KEY"));
  auto ca = dir.file("rsa.pem");
  CAF_REQUIRE(!write_pem_files(*rsa, ca, dir.file("rsa.key")));
  server_options opts;
  opts.tls = server_tls{rsa->cert_pem, rsa->key_pem};
  server srv(server_io, opts, echo);
  CAF_REQUIRE(srv.start().has_value());
  https_client client(client_io, at("https", srv), tls_options{ca, {}, false});
  auto res = client.get("/rsa");
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->body, "GET /rsa ");
}

CAF_TEST(a request handler sees the headers the client sent) {
  // Answers "<Authorization>|<X-Trace or none>|<target>".
  auto headers = [](const incoming_request& r) {
    std::string out(r.header("authorization").value_or("none"));
    out += '|';
    out += r.header("X-TRACE").value_or("none");
    out += '|';
    out += r.target;
    return http_reply{200, "text/plain", out};
  };
  server srv(server_io, server_options{}, headers);
  CAF_REQUIRE(srv.start().has_value());
  https_client client(client_io, at("http", srv));
  http_request req;
  req.target = "/api/v1/accountActiveOrders";
  req.query = {{"account_index", "7"}};
  req.headers = {{"Authorization", "1700000600:7:3:abcd"}, {"X-Trace", "t1"}};
  auto res = client.request(req);
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->body, "1700000600:7:3:abcd|t1|"
                             "/api/v1/accountActiveOrders?account_index=7");
  auto bare = client.get("/plain");
  CAF_REQUIRE(bare.has_value());
  CAF_CHECK_EQUAL(bare->body, "none|none|/plain");
}

CAF_TEST(a router route can read the authorization header) {
  http_router router;
  router.add("GET", "/private", [](const incoming_request& r) {
    auto auth = r.header("Authorization");
    if (!auth) return http_reply{400, "text/plain", "no auth"};
    return http_reply{200, "text/plain", std::string(*auth)};
  });
  router.add("GET", "/public", [](std::string_view target, std::string_view) {
    return http_reply{200, "text/plain", std::string(target)};
  });
  server srv(server_io, server_options{}, router);
  CAF_REQUIRE(srv.start().has_value());
  https_client client(client_io, at("http", srv));
  http_request req;
  req.target = "/private";
  req.headers = {{"authorization", "tok"}};
  auto res = client.request(req);
  CAF_REQUIRE(res.has_value());
  CAF_CHECK_EQUAL(res->status, 200);
  CAF_CHECK_EQUAL(res->body, "tok");
  auto denied = client.get("/private");
  CAF_REQUIRE(denied.has_value());
  CAF_CHECK_EQUAL(denied->status, 400);
  auto pub = client.get("/public", {{"a", "1"}});
  CAF_REQUIRE(pub.has_value());
  CAF_CHECK_EQUAL(pub->body, "/public?a=1");
}

CAF_TEST(bad certificate requests are refused) {
  cert_request req;
  req.ip_addresses = {"not-an-ip"};
  auto made = make_self_signed_cert(req);
  CAF_REQUIRE(!made.has_value());
  CAF_CHECK_EQUAL(made.error().code, net_errc::invalid_argument);
}

CAF_TEST_FIXTURE_SCOPE_END()
