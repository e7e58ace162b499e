#define CAF_SUITE shutdown_verdict
#include "caf/test/unit_test.hpp"

#include "runtime/commands.hpp"
#include "runtime/shutdown_verdict.hpp"

using namespace trailgrid::runtime;

namespace {

shutdown_facts clean_stop() {
  shutdown_facts f;
  f.trades = true;
  f.confirmed_empty = true;
  return f;
}

} // namespace

CAF_TEST(a clean stop the exchange confirmed exits 0 and disarms) {
  auto v = decide_shutdown(clean_stop());
  CAF_CHECK_EQUAL(v.exit_code, exit_ok);
  CAF_CHECK(v.disarm_dead_man);
}

CAF_TEST(a node that lost its gateway leaves the dead man switch armed) {
  auto f = clean_stop();
  f.node_failed = true;
  f.confirmed_empty = false; // nobody left to ask the exchange
  auto v = decide_shutdown(f);
  CAF_CHECK_EQUAL(v.exit_code, exit_orders_left);
  CAF_CHECK(!v.disarm_dead_man);
}

CAF_TEST(a failed node whose orders are confirmed gone still exits non zero) {
  auto f = clean_stop();
  f.node_failed = true;
  auto v = decide_shutdown(f);
  CAF_CHECK_EQUAL(v.exit_code, exit_failure);
  CAF_CHECK(v.disarm_dead_man);
}

CAF_TEST(orders that may rest outrank an unread gap and a lost summary) {
  auto f = clean_stop();
  f.confirmed_empty = false;
  f.gap_read = false;
  f.summary_written = false;
  auto v = decide_shutdown(f);
  CAF_CHECK_EQUAL(v.exit_code, exit_orders_left);
  CAF_CHECK(!v.disarm_dead_man);
}

CAF_TEST(an unread gap or an unwritten summary fails a clean stop) {
  auto f = clean_stop();
  f.gap_read = false;
  CAF_CHECK_EQUAL(decide_shutdown(f).exit_code, exit_failure);
  CAF_CHECK(decide_shutdown(f).disarm_dead_man);
  f = clean_stop();
  f.summary_written = false;
  CAF_CHECK_EQUAL(decide_shutdown(f).exit_code, exit_failure);
}

CAF_TEST(a node that trades nothing has nothing to confirm) {
  shutdown_facts f;
  f.trades = false;
  auto v = decide_shutdown(f);
  CAF_CHECK_EQUAL(v.exit_code, exit_ok);
  CAF_CHECK(v.disarm_dead_man);
}
