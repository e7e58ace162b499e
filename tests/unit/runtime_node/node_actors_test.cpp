#define CAF_SUITE node_actors
#include "caf/test/dsl.hpp"

#include "runtime/dead_man_switch.hpp"
#include "runtime/journal_actor.hpp"

#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include "temp_dir.hpp"

#include <csignal>
#include <filesystem>
#include <sys/resource.h>

using namespace trailgrid;
using namespace trailgrid::runtime;
using namespace trailgrid::messages;
using namespace std::chrono_literals;

namespace {

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

caf::result<caf::message> ignore(caf::scheduled_actor*, caf::message_view&) {
  return caf::message{};
}

/// What the stub signer and gateway saw.
struct exchange_log {
  std::vector<tx_intent> signed_intents;
  int64_t next_nonce = 40;
  exchange_verdict verdict = exchange_verdict::accepted;
};

caf::behavior signer_stub(caf::event_based_actor* self,
                          std::shared_ptr<exchange_log> log) {
  self->set_default_handler(ignore);
  return {
      // Signs and "sends" (the real signer delegates to the gateway,
      // which answers the requester).
      [log](const sign_and_send& r) {
        for (auto& t : r.request.txs)
          log->signed_intents.push_back(t);
        batch_reply out;
        out.batch_id = r.batch_id;
        out.verdict = log->verdict;
        out.code = log->verdict == exchange_verdict::accepted ? 200 : 21712;
        return out;
      },
  };
}

caf::behavior gateway_stub(caf::event_based_actor* self,
                           std::shared_ptr<exchange_log> log) {
  self->set_default_handler(ignore);
  return {[log](const send_batch& b) {
    batch_reply r;
    r.batch_id = b.batch_id;
    r.verdict = log->verdict;
    r.code = log->verdict == exchange_verdict::accepted ? 200 : 21712;
    return r;
  }};
}

struct fixture : test_coordinator_fixture<test_config> {
  std::shared_ptr<exchange_log> log = std::make_shared<exchange_log>();
  int64_t now = 1'700'000'000'000;

  dead_man_actor start_switch() {
    dead_man_config c;
    c.signer = caf::actor_cast<signer_actor>(sys.spawn(signer_stub, log));
    c.gateway = caf::actor_cast<gateway_actor>(sys.spawn(gateway_stub, log));
    c.api_key_index = 3;
    c.window = 600s;
    c.heartbeat = 60s;
    auto t = &now;
    c.unix_now_ms = [t] { return *t; };
    auto h = sys.spawn(dead_man_impl, c);
    sched.run();
    return h;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(node_actors_tests, fixture)

CAF_TEST(the dead man switch arms a scheduled cancel all and re arms it) {
  auto uut = start_switch();
  CAF_REQUIRE_EQUAL(log->signed_intents.size(), 1u);
  auto& first = log->signed_intents[0];
  CAF_CHECK(first.kind == tx_kind::cancel_all_orders);
  CAF_CHECK_EQUAL(first.time_in_force, 1);
  CAF_CHECK_EQUAL(first.cancel_all_time_ms, now + 600'000);
  now += 60'000;
  advance_time(60s);
  sched.run();
  CAF_REQUIRE_EQUAL(log->signed_intents.size(), 2u);
  CAF_CHECK_EQUAL(log->signed_intents[1].cancel_all_time_ms, now + 600'000);
  self->send(uut, disarm_atom::value);
  sched.run();
  std::string reply;
  self->receive([&](std::string& r) { reply = r; });
  CAF_CHECK_EQUAL(reply, "aborted");
  CAF_REQUIRE_EQUAL(log->signed_intents.size(), 3u);
  CAF_CHECK_EQUAL(log->signed_intents[2].time_in_force, 2);
  CAF_CHECK_EQUAL(log->signed_intents[2].cancel_all_time_ms, 0);
  // Disarmed: the heartbeat sends nothing more.
  advance_time(60s);
  sched.run();
  CAF_CHECK_EQUAL(log->signed_intents.size(), 3u);
  self->send_exit(uut, caf::exit_reason::user_shutdown);
  sched.run();
}

CAF_TEST(a refused arming counts a failure) {
  log->verdict = exchange_verdict::fatal;
  auto uut = start_switch();
  self->send(uut, status_atom::value);
  sched.run();
  actor_status s;
  self->receive([&](actor_status& x) { s = std::move(x); });
  CAF_CHECK_EQUAL(s.figures["failures"], "1");
  CAF_CHECK_EQUAL(s.figures["armed_until_ms"], "0");
  // Stopped here: the fixture's teardown would fire its heartbeats forever.
  self->send_exit(uut, caf::exit_reason::user_shutdown);
  sched.run();
}

CAF_TEST(the journal actor writes and books what the grids send) {
  test::temp_dir dir;
  auto w = journal_writer::open(dir.file("j"));
  CAF_REQUIRE(w);
  journal_actor_config c;
  c.writer = std::make_shared<journal_writer>(std::move(w.value()));
  c.ledger = std::make_shared<session_ledger>();
  c.ledger->add_market("BTC", strategy::fee_params{});
  c.symbols = {{1, "BTC"}};
  c.unix_now_ms = [] { return int64_t{5}; };
  auto ledger = c.ledger;
  auto uut = sys.spawn(journal_actor_impl, c);
  fill f;
  f.market_index = 1;
  f.order_side = strategy::side::bid;
  f.price = strategy::price_ticks{100};
  f.size = strategy::qty_lots{3};
  self->send(uut, f);
  replace_grid g;
  g.market_index = 1;
  g.reset_seq = 9;
  g.levels = {grid_level{strategy::side::bid, {}, {}},
              grid_level{strategy::side::ask, {}, {}},
              grid_level{strategy::side::ask, {}, {}}};
  g.why = "fill";
  self->send(uut, g);
  self->send(uut, order_rejected{1, 77, 0, reject_class::post_only_cross, 21000,
                                 "cross", 0});
  sched.run();
  auto s = ledger->get("BTC");
  CAF_CHECK_EQUAL(s->fills, 1);
  CAF_CHECK_EQUAL(s->resets, 1);
  CAF_CHECK_EQUAL(s->rejects, 1);
  CAF_CHECK_EQUAL(s->pnl.position().value, 3);
  auto contents = read_journal(dir.file("j"));
  CAF_REQUIRE(contents);
  auto& recs = contents.value().records;
  CAF_REQUIRE_EQUAL(recs.size(), 3u);
  auto& reset = std::get<journal_reset>(recs[1].entry);
  CAF_CHECK_EQUAL(reset.market, "BTC");
  CAF_CHECK_EQUAL(reset.reset_seq, 9u);
  CAF_CHECK_EQUAL(reset.bid_levels, 1u);
  CAF_CHECK_EQUAL(reset.ask_levels, 2u);
  CAF_CHECK_EQUAL(std::get<journal_reject>(recs[2].entry).code, 21000);
  self->send_exit(uut, caf::exit_reason::user_shutdown);
  sched.run();
}

// The default sync policy: entries reach the file at once, and one fsync
// covers every entry of an interval (bounded cost at any fill rate).
CAF_TEST(batched sync makes entries durable once per interval) {
  test::temp_dir dir;
  auto w = journal_writer::open(dir.file("j"));
  CAF_REQUIRE(w);
  journal_actor_config c;
  c.writer = std::make_shared<journal_writer>(std::move(w.value()));
  c.symbols = {{1, "BTC"}};
  c.unix_now_ms = [] { return int64_t{5}; };
  c.sync = {journal_sync_policy::batched, std::chrono::milliseconds{200}};
  auto uut = sys.spawn(journal_actor_impl, c);
  auto syncs = [&] {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status s;
    self->receive([&](actor_status& x) { s = std::move(x); });
    return s.figures["syncs"];
  };
  fill f;
  f.market_index = 1;
  f.price = strategy::price_ticks{100};
  f.size = strategy::qty_lots{3};
  for (int i = 0; i < 5; ++i)
    self->send(uut, f);
  sched.run();
  CAF_CHECK_EQUAL(syncs(), "0"); // written, not yet synced
  CAF_REQUIRE(read_journal(dir.file("j")));
  CAF_CHECK_EQUAL(read_journal(dir.file("j")).value().records.size(), 5u);
  advance_time(std::chrono::milliseconds{200});
  sched.run();
  CAF_CHECK_EQUAL(syncs(), "1"); // one fsync for all five
  advance_time(std::chrono::seconds{5});
  sched.run();
  CAF_CHECK_EQUAL(syncs(), "1"); // nothing new: no fsync
  self->send(uut, f);
  sched.run();
  advance_time(std::chrono::milliseconds{200});
  sched.run();
  CAF_CHECK_EQUAL(syncs(), "2");
  self->send_exit(uut, caf::exit_reason::user_shutdown);
  sched.run();
}

// Guards against trading on while the journal drops entries (a full disk):
// the entry is kept and retried, and every market holds until it is written.
CAF_TEST(a journal that cannot write holds every market until it can) {
  test::temp_dir dir;
  auto path = dir.file("j");
  auto w = journal_writer::open(path);
  CAF_REQUIRE(w);
  journal_actor_config c;
  c.writer = std::make_shared<journal_writer>(std::move(w.value()));
  c.symbols = {{1, "BTC"}};
  c.unix_now_ms = [] { return int64_t{5}; };
  auto holds = std::make_shared<std::vector<std::pair<std::string, bool>>>();
  using holds_ptr = decltype(holds);
  // The capture goes in as a spawn argument: CAF 0.17 binds a reference to
  // a null argument tuple when a functor is spawned without one (UBSan).
  auto root = sys.spawn(
      [](caf::event_based_actor*, holds_ptr log) -> caf::behavior {
        return {[log](hold_atom, const std::string& why, bool on) {
          log->emplace_back(why, on);
        }};
      },
      holds);
  auto uut = sys.spawn(journal_actor_impl, c);
  self->send(uut, link_root_atom::value, root);
  sched.run();
  // The disk is full: the file may not grow by a byte (a real write error,
  // EFBIG, instead of ENOSPC).
  struct rlimit old {};
  ::getrlimit(RLIMIT_FSIZE, &old);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  auto full = old;
  full.rlim_cur = std::filesystem::file_size(path);
  ::setrlimit(RLIMIT_FSIZE, &full);
  fill f;
  f.market_index = 1;
  f.price = strategy::price_ticks{100};
  f.size = strategy::qty_lots{3};
  self->send(uut, f);
  sched.run();
  advance_time(1s); // a retry that fails too
  sched.run();
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  using holds_t = std::vector<std::pair<std::string, bool>>;
  CAF_CHECK_EQUAL(*holds, (holds_t{{"journal", true}}));
  self->send(uut, status_atom::value);
  sched.run();
  actor_status s;
  self->receive([&](actor_status& x) { s = std::move(x); });
  CAF_CHECK_EQUAL(s.figures["backlog"], "1");
  CAF_CHECK_EQUAL(s.figures["write_errors"], "2");
  advance_time(1s); // the disk has room again
  sched.run();
  CAF_CHECK_EQUAL(*holds, (holds_t{{"journal", true}, {"journal", false}}));
  auto contents = read_journal(path);
  CAF_REQUIRE(contents);
  CAF_CHECK_EQUAL(contents.value().records.size(), 1u);
  self->send_exit(uut, caf::exit_reason::user_shutdown);
  sched.run();
}

CAF_TEST_FIXTURE_SCOPE_END()
