#define CAF_SUITE notifier
#include "caf/test/unit_test.hpp"

// The notifier against a real HTTP server on loopback (lighter::net's
// Boost.Beast server): events from the node's status tree and from
// report() arrive as JSON POSTs; repeats are dropped; past the rate limit
// events wait for one digest that flush() releases; a failed POST is
// retried; a webhook that does not answer never holds up the caller.

#include "lighter/net/io_runner.hpp"
#include "lighter/net/server.hpp"
#include "messages/atoms.hpp"
#include "messages/status.hpp"
#include "runtime/notify/notifier.hpp"

#include "caf/all.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;
using namespace trailgrid;
using namespace trailgrid::runtime;
using json = nlohmann::json;

namespace {

/// A webhook receiver: records every POST; answers `fail_first` requests
/// with 503, and sleeps `delay` before answering.
struct receiver {
  lighter::net::io_runner runner{"hook-io"};
  std::mutex mtx;
  std::vector<json> posts;
  std::vector<std::string> targets;
  std::vector<std::string> content_types;
  std::atomic<int> requests{0};
  std::atomic<int> fail_first{0};
  std::chrono::milliseconds delay{0};
  std::unique_ptr<lighter::net::server> srv;

  receiver() {
    srv = std::make_unique<lighter::net::server>(
        runner, lighter::net::server_options{},
        [this](const lighter::net::incoming_request& r) {
          auto n = ++requests;
          if (delay.count() > 0) std::this_thread::sleep_for(delay);
          if (n <= fail_first.load())
            return lighter::net::http_reply{503, "text/plain", "busy"};
          std::lock_guard<std::mutex> g{mtx};
          posts.push_back(json::parse(r.body));
          targets.emplace_back(r.target);
          content_types.emplace_back(r.header("Content-Type").value_or(""));
          return lighter::net::http_reply{200, "application/json", "{}"};
        });
    auto port = srv->start();
    if (!port) CAF_FAIL("server: " << port.error().message);
  }
  ~receiver() { srv->stop(); }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(srv->port()) + "/hooks/T1?x=1";
  }
  size_t count() {
    std::lock_guard<std::mutex> g{mtx};
    return posts.size();
  }
  json at(size_t i) {
    std::lock_guard<std::mutex> g{mtx};
    return posts.at(i);
  }
  /// Waits (bounded) until `n` POSTs arrived.
  bool wait_for(size_t n, std::chrono::milliseconds limit = 10s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (count() >= n) return true;
      std::this_thread::sleep_for(20ms);
    }
    return count() >= n;
  }
};

/// A node root stand-in: answers status with the current tree.
struct fake_root {
  std::mutex mtx;
  messages::actor_status tree;

  fake_root() {
    tree.name = "node-t";
    tree.kind = "node_root";
    tree.figures["kill_switch"] = "armed: kill";
  }
  void set(const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> g{mtx};
    tree.figures[key] = value;
  }
  messages::actor_status get() {
    std::lock_guard<std::mutex> g{mtx};
    return tree;
  }
};

caf::behavior root_impl(caf::event_based_actor*, fake_root* r) {
  return {[r](messages::status_atom) { return r->get(); }};
}

struct fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  receiver hook;
  fake_root root_state;
  caf::actor root;

  fixture() {
    sys = std::make_unique<caf::actor_system>(cfg);
    root = sys->spawn(root_impl, &root_state);
  }
  ~fixture() { caf::anon_send_exit(root, caf::exit_reason::user_shutdown); }

  config node_config(int64_t per_minute = 6) {
    config c;
    c.runtime.node_name = "node-t";
    c.notify.webhook_url = hook.url();
    c.notify.poll_ms = 200;
    c.notify.max_per_minute = per_minute;
    c.notify.hold_grace_s = 0;
    c.notify.timeout_ms = 2000;
    return c;
  }

  std::unique_ptr<notifier> start(const config& c) {
    auto target = resolve_webhook(
        c.notify, [](const char*) { return std::optional<std::string>{}; });
    if (!target || !target.value()) CAF_FAIL("no webhook");
    return std::make_unique<notifier>(
        *sys, c, std::move(*target.value()),
        caf::actor_cast<messages::node_root_actor>(root));
  }
};

notify_event event(std::string kind, std::string subject, std::string text) {
  notify_event e;
  e.kind = std::move(kind);
  e.severity = notify_severity::critical;
  e.subject = std::move(subject);
  e.text = std::move(text);
  return e;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(notifier_tests, fixture)

CAF_TEST(a kill switch in the status tree arrives as one json post) {
  auto n = start(node_config());
  std::this_thread::sleep_for(500ms); // a few healthy polls: no message
  CAF_CHECK_EQUAL(hook.count(), 0u);
  root_state.set("kill_switch", "active: /tmp/kill");
  CAF_REQUIRE(hook.wait_for(1));
  auto m = hook.at(0);
  CAF_CHECK_EQUAL(m["source"], "trailgrid");
  CAF_CHECK_EQUAL(m["node"], "node-t");
  CAF_CHECK_EQUAL(m["severity"], "critical");
  CAF_CHECK_EQUAL(m["events"][0]["kind"], "kill_switch");
  CAF_CHECK_EQUAL(hook.targets.at(0), "/hooks/T1?x=1");
  CAF_CHECK_EQUAL(hook.content_types.at(0), "application/json");
  std::this_thread::sleep_for(600ms); // still active: no repeat
  CAF_CHECK_EQUAL(hook.count(), 1u);
  root_state.set("kill_switch", "armed: /tmp/kill");
  CAF_REQUIRE(hook.wait_for(2));
  auto cleared = hook.at(1); // a local: CAF_CHECK keeps references
  CAF_CHECK_EQUAL(cleared["events"][0]["kind"], "kill_switch_cleared");
  CAF_CHECK_EQUAL(cleared["severity"], "info");
}

CAF_TEST(repeats are dropped and past the rate limit one digest follows) {
  auto n = start(node_config(2));
  n->report(event("orders_left", "node-t", "3 orders left"));
  n->report(event("orders_left", "node-t", "3 orders left")); // a repeat
  n->report(event("halt", "BTC", "BTC halted"));
  n->report(event("halt", "ETH", "ETH halted")); // past 2 a minute: held
  n->report(event("halt", "SOL", "SOL halted")); // held
  CAF_REQUIRE(hook.wait_for(2));
  std::this_thread::sleep_for(300ms);
  CAF_CHECK_EQUAL(hook.count(), 2u);
  CAF_CHECK(n->flush(5s)); // at exit: held events go out now
  CAF_REQUIRE_EQUAL(hook.count(), 3u);
  auto digest = hook.at(2);
  CAF_REQUIRE_EQUAL(digest["events"].size(), 2u);
  CAF_CHECK_EQUAL(digest["events"][0]["subject"], "ETH");
  CAF_CHECK_EQUAL(digest["events"][1]["subject"], "SOL");
  // The repeat of the first message is counted on the next one.
  auto second = hook.at(1);
  CAF_CHECK_EQUAL(second["suppressed"], 1);
}

CAF_TEST(a failed post is retried until the webhook takes it) {
  hook.fail_first = 1;
  auto n = start(node_config());
  n->report(event("node_failed", "node-t", "node failed"));
  CAF_REQUIRE(hook.wait_for(1, 15s)); // the retry comes after 2 s
  CAF_CHECK_EQUAL(hook.requests.load(), 2);
  auto first = hook.at(0);
  CAF_CHECK_EQUAL(first["events"][0]["kind"], "node_failed");
}

// Trading never waits for a notification: report() only queues, and a
// webhook that takes seconds to answer delays nothing but its own message.
CAF_TEST(a slow webhook never holds up the caller) {
  hook.delay = 3s;
  auto n = start(node_config());
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i)
    n->report(event("halt", "M" + std::to_string(i), "halted"));
  auto spent = std::chrono::steady_clock::now() - t0;
  CAF_CHECK_LESS(spent, 100ms);
  CAF_CHECK(!n->flush(300ms)); // bounded: gives up waiting, returns
  CAF_CHECK_LESS(std::chrono::steady_clock::now() - t0, 2s);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST(a webhook url file must be private and parse as http) {
  notify_config c;
  auto none = resolve_webhook(
      c, [](const char*) { return std::optional<std::string>{}; });
  CAF_REQUIRE(none);
  CAF_CHECK(!none.value());
  auto env = resolve_webhook(c, [](const char* name) {
    return std::string{name} == "TRAILGRID_WEBHOOK_URL"
               ? std::optional<std::string>{"https://hooks.slack.com/x/y"}
               : std::nullopt;
  });
  CAF_REQUIRE(env && env.value());
  CAF_CHECK(env.value()->preset == webhook_preset::slack);
  c.webhook_url = "https://api.telegram.org/bot1:T/sendMessage";
  auto tg = resolve_webhook(
      c, [](const char*) { return std::optional<std::string>{}; });
  CAF_REQUIRE(!tg);
  CAF_CHECK_NOT_EQUAL(tg.error().find("telegram_chat_id"), std::string::npos);
  c.webhook_url = "ws://127.0.0.1/x";
  CAF_CHECK(!resolve_webhook(
      c, [](const char*) { return std::optional<std::string>{}; }));
}
