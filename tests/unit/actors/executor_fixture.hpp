#pragma once

// The deterministic fixture of the executor tests: the executor under test
// (`uut`) on market 1 with API key 2, the real signer actor over a fake
// tx_signer, a scripted gateway stub (also the signer's nonce source) and a
// grid stub that records what the executor tells it. Include after
// CAF_SUITE and caf/test/dsl.hpp.

#include "actors/executor_actor.hpp"
#include "actors/signer_actor.hpp"
#include "messages/errors.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace executor_test {

using namespace trailgrid::actors;
using namespace trailgrid::messages;
using trailgrid::execution::client_index_space;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

constexpr int32_t market = 1;
constexpr uint8_t key = 2;
/// 2025-06-01T00:00:00Z: the executor's wall clock at start.
constexpr int64_t start_ms = 1'748'736'000'000;

/// One answer the gateway stub gives to a send_batch.
struct scripted {
  exchange_verdict verdict = exchange_verdict::accepted;
  int32_t code = 200;
  std::string message;
};

/// What the gateway stub saw and how it answers.
struct gateway_log {
  std::vector<send_batch> batches;
  std::deque<scripted> script;    ///< answers in order; then accepted
  std::vector<live_order> active; ///< answer to active_orders
  /// Route claims in order (weak addresses: a strong handle here would keep
  /// the executor alive past the test).
  struct route {
    int32_t market_index;
    caf::actor_addr executor;
    caf::actor_addr grid;
  };
  std::vector<route> routes;
  int failing_queries = 0; ///< the next n active_orders fail
  int queries = 0;
  int64_t next_nonce = 100; ///< answer to next_nonce
  int nonce_queries = 0;
  int64_t wire_delay_ns = 250'000; ///< written_ns - trigger_ns
  /// Called with every batch and the answer it gets (e.g. to make the
  /// creates of an unanswered batch show up as live orders).
  std::function<void(const send_batch&, const scripted&)> on_batch;
  /// Where verdicts go (as the real gateway reports them to the signer); a
  /// weak address, like the routes.
  caf::actor_addr signer;
};

/// The nonce verdict the real gateway reports for a scripted answer (the
/// simulator's rule: a refused batch consumed no nonce).
inline tx_verdict nonce_verdict_of(exchange_verdict v) {
  switch (v) {
  case exchange_verdict::accepted:
    return tx_verdict::accepted;
  case exchange_verdict::resync_nonce:
    return tx_verdict::invalid_nonce;
  case exchange_verdict::unknown:
    return tx_verdict::uncertain;
  default:
    return tx_verdict::rejected_other;
  }
}

struct gateway_stub_state {
  std::shared_ptr<gateway_log> log;
};

inline gateway_actor::behavior_type
gateway_stub(gateway_actor::stateful_pointer<gateway_stub_state> self,
             std::shared_ptr<gateway_log> log) {
  self->state.log = std::move(log);
  return {
      [=](next_nonce_atom, uint8_t k) {
        auto& lg = *self->state.log;
        ++lg.nonce_queries;
        return nonce_resync{k, lg.next_nonce};
      },
      [=](send_batch& b) {
        auto& lg = *self->state.log;
        scripted answer;
        if (!lg.script.empty()) {
          answer = lg.script.front();
          lg.script.pop_front();
        }
        batch_reply r;
        r.batch_id = b.batch_id;
        r.verdict = answer.verdict;
        r.code = answer.code;
        r.message = answer.message;
        if (answer.verdict == exchange_verdict::accepted)
          for (auto& t : b.txs)
            r.tx_hashes.push_back(t.tx_hash);
        r.trigger_ns = b.trigger_ns;
        r.written_ns = b.trigger_ns > 0 ? b.trigger_ns + lg.wire_delay_ns : 0;
        if (lg.on_batch) lg.on_batch(b, answer);
        if (auto to = caf::actor_cast<caf::actor>(lg.signer);
            to && !b.txs.empty())
          caf::anon_send(to, tx_outcome{b.api_key_index, b.txs.front().nonce,
                                        static_cast<int32_t>(b.txs.size()),
                                        nonce_verdict_of(answer.verdict),
                                        answer.code});
        lg.batches.push_back(std::move(b));
        return r;
      },
      [=](active_orders_atom,
          int32_t m) -> caf::result<std::vector<live_order>> {
        auto& lg = *self->state.log;
        ++lg.queries;
        if (lg.failing_queries > 0) {
          --lg.failing_queries;
          return caf::sec::runtime_error;
        }
        std::vector<live_order> out;
        for (auto& o : lg.active)
          if (o.market_index == m) out.push_back(o);
        return out;
      },
      [](account_atom) { return account_snapshot{}; },
      [](const fills_since&) { return std::vector<fill>{}; },
      [](check_trades_atom) { return true; },
      [](link_root_atom, const caf::actor&) {},
      [=](const route_market& r) {
        self->state.log->routes.push_back(
            {r.market_index, r.executor.address(), r.grid.address()});
      },
      [](status_atom) { return actor_status{}; },
  };
}

/// What the grid stub got from the executor.
struct grid_log {
  std::vector<fill> fills;
  std::vector<order_accepted> accepted;
  std::vector<order_cancelled> cancelled;
  std::vector<order_rejected> rejected;
  std::vector<reset_done> done;
};

struct grid_stub_state {
  std::shared_ptr<grid_log> log;
};

inline grid_actor::behavior_type
grid_stub(grid_actor::stateful_pointer<grid_stub_state> self,
          std::shared_ptr<grid_log> log) {
  self->state.log = std::move(log);
  auto lg = [self]() -> grid_log& { return *self->state.log; };
  return {
      [](status_atom) { return actor_status{}; },
      [](const market_peers&) {},
      [](pause_atom) {},
      [](resume_atom) {},
      [](cancel_atom) {},
      [](drain_atom) {},
      [](const top_of_book&) {},
      [](const trade_print&) {},
      [](const mark_price&) {},
      [](const atr_update&) {},
      [=](const fill& f) { lg().fills.push_back(f); },
      [=](const order_accepted& a) { lg().accepted.push_back(a); },
      [=](const order_cancelled& c) { lg().cancelled.push_back(c); },
      [=](const order_rejected& r) { lg().rejected.push_back(r); },
      [=](const reset_done& d) { lg().done.push_back(d); },
      [](const balance_update&) {},
      [](tick_atom, int64_t) {},
      [](exposure_atom) { return market_exposure{}; },
      [](const reduce_only&) {},
      [](const position_report&) {},
      [](const risk_halt&) {},
      [](const market_status&) {},
  };
}

/// One call to the fake tx signer.
struct sign_call {
  tx_intent intent;
  int64_t nonce;
};

/// Signs nothing for real: records the intent; the "hash" names the kind
/// and the order index ("c:<client index>" for a create, "x:<index>" for a
/// cancel), so every sent tx says what it was even after its nonce was
/// reused.
class recording_tx_signer : public tx_signer {
public:
  explicit recording_tx_signer(std::shared_ptr<std::vector<sign_call>> calls)
      : calls_(std::move(calls)) {}

  sign_outcome sign(const tx_intent& intent, int64_t nonce) override {
    calls_->push_back({intent, nonce});
    auto n = std::to_string(nonce);
    auto what = intent.kind == tx_kind::create_order
                    ? "c:" + std::to_string(intent.client_order_index)
                    : "x:" + std::to_string(intent.cancel_index);
    return signed_payload{"{\"Nonce\":" + n + "}", what};
  }

private:
  std::shared_ptr<std::vector<sign_call>> calls_;
};

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

using executor_base = executor_actor::stateful_base<executor_state>;

struct fixture : test_coordinator_fixture<test_config> {
  std::shared_ptr<gateway_log> gw_log = std::make_shared<gateway_log>();
  std::shared_ptr<grid_log> grid_events = std::make_shared<grid_log>();
  std::shared_ptr<std::vector<sign_call>> calls =
      std::make_shared<std::vector<sign_call>>();
  std::shared_ptr<int64_t> wall = std::make_shared<int64_t>(start_ms);
  gateway_actor gateway;
  signer_actor signer;
  grid_actor grid;
  executor_actor uut;

  fixture() {
    gateway = sys.spawn(gateway_stub, gw_log);
    signer_config scfg;
    scfg.keys = {{key, std::make_shared<recording_tx_signer>(calls)}};
    scfg.nonce_source = gateway;
    signer = spawn_signer(sys, std::move(scfg));
    gw_log->signer = signer.address();
    grid = sys.spawn(grid_stub, grid_events);
    sched.run();
    uut = start_executor();
  }

  executor_config make_config() {
    executor_config cfg;
    cfg.name = "BTC/executor";
    cfg.core.market_index = market;
    cfg.api_key_index = key;
    cfg.signer = signer;
    cfg.gateway = gateway;
    auto w = wall;
    cfg.wall_ms = [w] { return *w; };
    return cfg;
  }

  /// Spawns an executor and tells it the grid (as the supervisor would).
  executor_actor start_executor() {
    auto e = sys.spawn(executor_actor_impl, make_config());
    market_peers peers;
    peers.grid = grid;
    peers.executor = e;
    self->send(e, peers);
    sched.run();
    return e;
  }

  executor_state& st() { return deref<executor_base>(uut).state; }

  /// `bids` bids below 1000 and `asks` asks above it, size 5.
  static std::vector<grid_level> levels(int bids, int asks) {
    std::vector<grid_level> out;
    for (int i = 1; i <= bids; ++i)
      out.push_back({side::bid, price_ticks{1000 - i}, qty_lots{5}});
    for (int i = 1; i <= asks; ++i)
      out.push_back({side::ask, price_ticks{1000 + i}, qty_lots{5}});
    return out;
  }

  static replace_grid grid_msg(uint64_t seq, std::vector<grid_level> lv,
                               int64_t trigger_ns = 0) {
    replace_grid g;
    g.market_index = market;
    g.reset_seq = seq;
    g.centre = price_ticks{1000};
    g.levels = std::move(lv);
    g.why = "fill";
    g.trigger_ns = trigger_ns;
    return g;
  }

  /// Sends a replace_grid and runs every message (no timers).
  void apply(replace_grid g) {
    self->send(uut, std::move(g));
    sched.run();
  }

  /// The nonces of a sent batch.
  static std::vector<int64_t> nonces(const send_batch& b) {
    std::vector<int64_t> out;
    for (auto& t : b.txs)
      out.push_back(t.nonce);
    return out;
  }

  /// The tx types of a sent batch.
  static std::vector<int> types(const send_batch& b) {
    std::vector<int> out;
    for (auto& t : b.txs)
      out.push_back(t.tx_type);
    return out;
  }

  /// The intents the signer signed with nonces of batch `b`, in order.
  /// A nonce signed twice (rollback, resync) counts with its last signing,
  /// so call this right after the batch went out.
  std::vector<tx_intent> intents(const send_batch& b) const {
    std::vector<tx_intent> out;
    for (auto& t : b.txs)
      for (auto i = calls->rbegin(); i != calls->rend(); ++i)
        if (i->nonce == t.nonce) {
          out.push_back(i->intent);
          break;
        }
    return out;
  }

  /// The indexes named by the txs of batch `b` whose hash starts with
  /// `prefix` ("c:" creates, "x:" cancels).
  static std::vector<int64_t> indexes(const send_batch& b,
                                      const std::string& prefix) {
    std::vector<int64_t> out;
    for (auto& t : b.txs)
      if (t.tx_hash.compare(0, prefix.size(), prefix) == 0)
        out.push_back(std::stoll(t.tx_hash.substr(prefix.size())));
    return out;
  }

  /// The client order indexes our creates in batch `b` used.
  static std::vector<int64_t> create_indexes(const send_batch& b) {
    return indexes(b, "c:");
  }

  /// The indexes the cancels in batch `b` name.
  static std::vector<int64_t> cancel_indexes(const send_batch& b) {
    return indexes(b, "x:");
  }

  /// A client order index of market `m` in the executor's namespace.
  static int64_t our_index(int32_t m, uint64_t seq) {
    return client_index_space{client_index_space::default_tag, m}.make(seq);
  }

  /// The executor's status.
  actor_status status() {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status out;
    self->receive([&](actor_status& s) { out = std::move(s); });
    return out;
  }
};

} // namespace executor_test
