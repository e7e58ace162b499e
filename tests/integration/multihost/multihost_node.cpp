// A trailgrid node for the multi-host plumbing test: the real node root,
// signer actor (with a fake tx signer: real nonce sequencing, no Schnorr),
// node roles, signer link, admin service and metrics, but stub market
// children (no exchange): each market's executor stub asks the signer for
// one signature every 50 ms while its market quotes, and appends
// "<market> <nonce>" to $TG_NONCE_LOG. It stands in for `gridbot run`
// until the live feed/gateway actors exist; it is NOT the live bot.
//
// usage: multihost_node CONFIG  (prints "ready admin=P signer=P metrics=P")

#include "actors/signer_actor.hpp"
#include "messages/register_types.hpp"
#include "multi_market/node_root.hpp"
#include "runtime/admin/admin_service.hpp"
#include "runtime/admin/node_services.hpp"
#include "runtime/config.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

using namespace trailgrid;
using namespace trailgrid::messages;
using namespace std::chrono_literals;

namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;

std::atomic<bool> stop_requested{false};

void on_signal(int) {
  stop_requested = true;
}

/// Real nonce handling, fake signature.
class fake_tx_signer : public actors::tx_signer {
public:
  actors::sign_outcome sign(const tx_intent& intent, int64_t nonce) override {
    return actors::signed_payload{
        "{\"market\":" + std::to_string(intent.market_index) +
            ",\"nonce\":" + std::to_string(nonce) + "}",
        "hash-" + std::to_string(nonce)};
  }
};

void append_nonce(const std::string& market, int64_t nonce) {
  const char* path = std::getenv("TG_NONCE_LOG");
  if (!path) return;
  int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  auto line = market + " " + std::to_string(nonce) + "\n";
  // One write per line: O_APPEND keeps lines whole across processes.
  [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());
  ::close(fd);
}

caf::result<caf::message> ignore(caf::scheduled_actor*, caf::message_view&) {
  return caf::message{};
}

struct child_state {
  bool paused = false;
  uint64_t signed_txs = 0;
  uint64_t sign_errors = 0;
  int64_t last_nonce = 0;
};

caf::behavior child_stub(caf::stateful_actor<child_state>* self,
                         actors::child_context ctx) {
  self->set_default_handler(ignore);
  auto tag = ctx.market + "/" + actors::to_string(ctx.role);
  auto role = ctx.role;
  auto index = ctx.market_index;
  auto signer = ctx.signer;
  auto market = ctx.market;
  auto started = self->clock().now();
  if (role == actors::child_role::executor)
    self->delayed_send(self, 50ms, tick_atom::value);
  return {
      [=](status_atom) {
        auto& st = self->state;
        actor_status s;
        s.name = tag;
        s.kind = actors::to_string(role);
        s.state = st.paused ? run_state::paused : run_state::running;
        s.uptime_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          self->clock().now() - started)
                          .count();
        s.mailbox_size = self->mailbox().size();
        if (role == actors::child_role::executor) {
          s.figures["live_orders"] = "0";
          s.figures["signed"] = std::to_string(st.signed_txs);
          s.figures["sign_errors"] = std::to_string(st.sign_errors);
          s.figures["last_nonce"] = std::to_string(st.last_nonce);
          s.figures["nonce_errors"] = "0";
        }
        return s;
      },
      [=](pause_atom) { self->state.paused = true; },
      [=](cancel_atom) { self->state.paused = true; },
      [=](drain_atom) { self->state.paused = true; },
      [=](resume_atom) { self->state.paused = false; },
      [=](reconcile_atom) {
        return reconciled{index, 0, 0};
      },
      [=](exposure_atom) {
        market_exposure x;
        x.market_index = index;
        return x;
      },
      [=](tick_atom) {
        self->delayed_send(self, 50ms, tick_atom::value);
        if (self->state.paused || !signer) return;
        sign_request req;
        req.api_key_index = 2;
        req.market_index = index;
        tx_intent tx;
        tx.market_index = index;
        tx.client_order_index = 1;
        req.txs.push_back(tx);
        self->request(signer, 2s, req)
            .then(
                [=](sign_result& r) {
                  for (auto& t : r.txs) {
                    append_nonce(market, t.nonce);
                    self->state.last_nonce = t.nonce;
                    ++self->state.signed_txs;
                    tx_outcome o;
                    o.api_key_index = 2;
                    o.first_nonce = t.nonce;
                    self->send(signer, o);
                  }
                },
                [=](caf::error&) { ++self->state.sign_errors; });
      },
  };
}

caf::behavior gateway_stub(caf::event_based_actor* self) {
  self->set_default_handler(ignore);
  return {[](status_atom) {
    actor_status s;
    s.name = "gateway";
    s.kind = "gateway";
    s.figures["exchange"] = "none (multihost plumbing test)";
    return s;
  }};
}

template <class Handle>
Handle spawn_child(caf::local_actor* parent, const actors::child_context& ctx) {
  return caf::actor_cast<Handle>(parent->spawn(child_stub, ctx));
}

multi_market::market_plan plan_for(const runtime::market_config& m,
                                   int32_t index) {
  multi_market::market_plan out;
  out.symbol = m.symbol;
  out.market_index = index;
  out.price_decimals = 1;
  out.size_decimals = 4;
  out.restart.initial = 200ms;
  out.children = [](const multi_market::node_handles&) {
    actors::market_children c;
    c.feed = [](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<feed_actor>(p, ctx);
    };
    c.atr = [](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<atr_actor>(p, ctx);
    };
    c.grid = [](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<grid_actor>(p, ctx);
    };
    c.executor = [](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<executor_actor>(p, ctx);
    };
    return c;
  };
  return out;
}

struct node_config : caf::actor_system_config {
  node_config() {
    register_types(*this);
    set("logger.verbosity", caf::atom("quiet"));
  }
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: multihost_node CONFIG\n");
    return 2;
  }
  auto logger = spdlog::stderr_color_mt("node");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%H:%M:%S.%e %l %v");
  std::string path = argv[1];
  auto loaded = runtime::load_config(path);
  if (!loaded) {
    std::fprintf(stderr, "%s", loaded.error().to_string().c_str());
    return 1;
  }
  auto& cfg = loaded.value();
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  node_config ccfg;
  runtime::node_services::configure(ccfg, cfg.runtime);
  caf::actor_system sys{ccfg};
  int rc = 0;
  {
    runtime::node_services svc{sys, cfg, text.str()};
    multi_market::node_root_config rc_cfg;
    rc_cfg.name = cfg.runtime.node_name;
    rc_cfg.kill_switch_file = "";
    rc_cfg.signer = svc.remote_signer();
    int64_t first_nonce = 1000;
    if (const char* s = std::getenv("TG_FIRST_NONCE"))
      first_nonce = std::atoll(s);
    if (cfg.runtime.role != runtime::node_role::market)
      rc_cfg.make_signer =
          svc.publish_signer([first_nonce](caf::local_actor* parent) {
            actors::signer_config sc;
            sc.keys.push_back({2, std::make_shared<fake_tx_signer>()});
            auto s = parent->spawn(actors::signer_actor_impl, std::move(sc));
            // Stands in for the exchange's nextNonce answer.
            caf::anon_send(s, nonce_resync{2, first_nonce});
            return s;
          });
    rc_cfg.make_gateway = [](caf::local_actor* parent, const signer_actor&) {
      return caf::actor_cast<gateway_actor>(parent->spawn(gateway_stub));
    };
    int32_t next_index = 2; // lighter-sim: ETH 0, BTC 1
    for (auto& m : cfg.markets)
      rc_cfg.markets.push_back(plan_for(m, m.symbol == "ETH"   ? 0
                                           : m.symbol == "BTC" ? 1
                                                               : next_index++));
    auto root = multi_market::spawn_node_root(sys, std::move(rc_cfg));
    if (auto err = svc.start(root); !err.empty()) {
      std::fprintf(stderr, "node: %s\n", err.c_str());
      caf::anon_send_exit(root, caf::exit_reason::user_shutdown);
      return 1;
    }
    auto* admin = svc.admin();
    std::printf("ready admin=%u signer=%u metrics=%u\n",
                admin ? admin->admin_port() : 0u, svc.signer_port(),
                admin ? admin->metrics_port() : 0u);
    std::fflush(stdout);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    caf::scoped_actor self{sys};
    self->monitor(root);
    bool down = false;
    while (!down) {
      self->receive([&](caf::down_msg&) { down = true; },
                    caf::after(100ms) >>
                        [&] {
                          if (stop_requested) {
                            stop_requested = false;
                            self->send(root, stop_atom::value);
                          }
                        });
    }
    spdlog::info("node: root stopped; exiting");
  }
  return rc;
}
