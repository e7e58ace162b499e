#define CAF_SUITE admin_actor
#include "caf/test/dsl.hpp"

#include "runtime/admin/admin_actor.hpp"
#include "runtime/admin/config_diff.hpp"

#include "messages/errors.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

using namespace trailgrid;
using namespace trailgrid::messages;
using namespace trailgrid::runtime;
using namespace std::chrono_literals;

namespace {

const std::string token = "0123456789abcdef0123";

const std::string running_config = R"([[market]]
symbol = "BTC"
order_size = "0.001"
max_position = "0.01"
)";

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

// A node root stub: knows BTC only; logs what it was asked.
caf::behavior root_stub(caf::event_based_actor*,
                        std::shared_ptr<std::vector<std::string>> log) {
  auto known = std::make_shared<std::set<std::string>>();
  known->insert("BTC");
  return {
      [=](status_atom) {
        actor_status s;
        s.name = "node";
        s.kind = "node_root";
        return s;
      },
      [=](pause_atom, const std::string& m) -> caf::result<std::string> {
        log->push_back("pause " + m);
        if (!known->count(m)) return make_error(error_code::unknown_market, m);
        return m + " paused";
      },
      [=](drain_atom) { return std::string{"draining 1 markets"}; },
      [=](stop_atom) { log->push_back("stop"); },
      [=](add_market_atom, const std::string& m,
          const std::string& settings) -> caf::result<std::string> {
        log->push_back("add " + m + ": " + settings);
        if (m == "BAD") return make_error(error_code::bad_market_config, m);
        known->insert(m);
        return m + " started";
      },
      [=](remove_market_atom, const std::string& m) {
        log->push_back("remove " + m);
        known->erase(m);
        return m + " removed";
      },
  };
}

struct fixture : test_coordinator_fixture<test_config> {
  std::shared_ptr<std::vector<std::string>> log =
      std::make_shared<std::vector<std::string>>();
  admin_actor uut;

  fixture() {
    auto root = caf::actor_cast<node_root_actor>(sys.spawn(root_stub, log));
    admin_actor_config cfg;
    cfg.token = token;
    cfg.root = root;
    cfg.config_path = "node.toml";
    cfg.config_text = running_config;
    cfg.validate = [](const std::string& text) -> std::string {
      return text.find("levels = 0") != std::string::npos
                 ? "node.toml:2: key 'levels' must be an integer in 1..100"
                 : "";
    };
    uut = sys.spawn(admin_actor_impl, std::move(cfg));
    sched.run();
  }

  template <class... Ts>
  std::string ask(Ts... xs) {
    self->send(uut, xs...);
    sched.run();
    std::string out = "<no reply>";
    self->receive([&](std::string& s) { out = s; },
                  [&](std::string& a, std::string& b) { out = a + "|" + b; },
                  [&](actor_status& s) { out = "status " + s.name; },
                  [&](caf::error& e) { out = sys.render(e); },
                  caf::after(0s) >> [] {});
    return out;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(admin_actor_tests, fixture)

CAF_TEST(a wrong token is refused before anything reaches the root) {
  CAF_CHECK_EQUAL(ask(pause_atom::value, std::string{"nope-nope-nope-nope"},
                      std::string{"BTC"}),
                  "admin: bad_token (wrong admin token: use the node's token "
                  "file or $TRAILGRID_ADMIN_TOKEN)");
  CAF_CHECK_EQUAL(ask(status_atom::value, std::string{}),
                  "admin: bad_token (wrong admin token: use the node's token "
                  "file or $TRAILGRID_ADMIN_TOKEN)");
  CAF_CHECK(log->empty());
  CAF_CHECK_EQUAL(deref<admin_actor::stateful_base<admin_actor_state>>(uut)
                      .state.bad_tokens,
                  2u);
}

CAF_TEST(commands with the right token reach the root) {
  CAF_CHECK_EQUAL(ask(status_atom::value, token), "status node");
  CAF_CHECK_EQUAL(ask(pause_atom::value, token, std::string{"BTC"}),
                  "BTC paused");
  CAF_CHECK_EQUAL(ask(pause_atom::value, token, std::string{"DOGE"}),
                  "trailgrid: unknown_market (DOGE)");
  CAF_CHECK_EQUAL(ask(drain_atom::value, token), "draining 1 markets");
  CAF_CHECK_EQUAL(ask(stop_atom::value, token), "stopping");
  CAF_CHECK_EQUAL(
      *log, (std::vector<std::string>{"pause BTC", "pause DOGE", "stop"}));
}

CAF_TEST(reload shows the diff first and applies only with its digest) {
  std::string next = running_config + R"(
[[market]]
symbol = "ETH"
order_size = "0.05"
max_position = "1.0"
)";
  auto dry = ask(reload_atom::value, token, next, std::string{});
  auto bar = dry.find('|');
  CAF_REQUIRE(bar != std::string::npos);
  auto diff = dry.substr(0, bar);
  auto digest = dry.substr(bar + 1);
  CAF_CHECK_EQUAL(diff, "+ market.ETH = [[market]]\n"
                        "+ market.ETH.max_position = \"1.0\"\n"
                        "+ market.ETH.order_size = \"0.05\"\n"
                        "\n"
                        "start markets: ETH\n");
  CAF_CHECK(log->empty());
  CAF_CHECK_EQUAL(ask(reload_atom::value, token, next, std::string{"bogus"}),
                  "admin: stale_reload (the config or the node changed since "
                  "the diff was shown; run reload again)");
  CAF_CHECK_EQUAL(ask(reload_atom::value, token, next, digest),
                  "ETH started\n|" + digest);
  CAF_CHECK_EQUAL(*log,
                  std::vector<std::string>{"add ETH: max_position = \"1.0\"\n"
                                           "order_size = \"0.05\"\n"});
  // The node now runs the new text: the same reload shows no changes.
  CAF_CHECK_EQUAL(ask(reload_atom::value, token, next, std::string{}),
                  "no changes\n|" + text_digest(next + '\0' + next));
}

CAF_TEST(a reload hands the new text to the node and starts markets by name) {
  std::string adopted;
  // A second admin actor whose node adopts the new config text.
  admin_actor_config cfg;
  cfg.token = token;
  cfg.root = caf::actor_cast<node_root_actor>(sys.spawn(root_stub, log));
  cfg.config_path = "node.toml";
  cfg.config_text = running_config;
  cfg.validate = [](const std::string&) { return std::string{}; };
  cfg.hooks.adopt_config = [&](const std::string& text) { adopted = text; };
  uut = sys.spawn(admin_actor_impl, std::move(cfg));
  sched.run();
  // [defaults] changed: BTC restarts with them.
  std::string next = "[defaults]\nlevels = 4\n" + running_config;
  auto dry = ask(reload_atom::value, token, next, std::string{});
  auto digest = dry.substr(dry.find('|') + 1);
  CAF_CHECK_EQUAL(ask(reload_atom::value, token, next, digest),
                  "BTC removed\nBTC started\n|" + digest);
  CAF_CHECK_EQUAL(adopted, next);
  CAF_CHECK_EQUAL(*log, (std::vector<std::string>{"remove BTC", "add BTC: "}));
}

CAF_TEST(a reload whose market fails to start says so) {
  std::string next = running_config + R"(
[[market]]
symbol = "BAD"
order_size = "1"
max_position = "1"
)";
  auto dry = ask(reload_atom::value, token, next, std::string{});
  auto digest = dry.substr(dry.find('|') + 1);
  auto applied = ask(reload_atom::value, token, next, digest);
  CAF_CHECK(applied.rfind("admin: reload_incomplete", 0) == 0);
  CAF_CHECK(applied.find("start BAD failed: trailgrid: bad_market_config") !=
            std::string::npos);
}

CAF_TEST(reload refuses an invalid config with its errors) {
  CAF_CHECK_EQUAL(ask(reload_atom::value, token,
                      std::string{"[defaults]\nlevels = 0\n"}, std::string{}),
                  "admin: bad_config (node.toml:2: key 'levels' must be an "
                  "integer in 1..100)");
}

CAF_TEST_FIXTURE_SCOPE_END()
