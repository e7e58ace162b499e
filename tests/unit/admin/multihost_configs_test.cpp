#define CAF_SUITE multihost_configs
#include "caf/test/unit_test.hpp"

#include "runtime/config.hpp"

#include <string>

using namespace trailgrid::runtime;

namespace {

config load(const std::string& name) {
  auto c = load_config(std::string{TRAILGRID_SOURCE_DIR} +
                       "/configs/multihost/" + name);
  if (!c) CAF_FAIL(name << ": " << c.error().to_string());
  return c.value();
}

} // namespace

// Guards the README's two-host example against config changes.
CAF_TEST(the two host example configs load with their roles) {
  auto s = load("signer-host.toml");
  CAF_CHECK(s.runtime.role == node_role::signer);
  CAF_CHECK(s.markets.empty());
  CAF_CHECK(s.runtime.tls());
  CAF_CHECK_EQUAL(s.runtime.signer_bind, "0.0.0.0");
  auto m = load("market-host.toml");
  CAF_CHECK(m.runtime.role == node_role::market);
  CAF_CHECK_EQUAL(m.markets.size(), 2u);
  CAF_CHECK_EQUAL(m.runtime.signer_host, "signer.internal");
  CAF_CHECK_EQUAL(m.runtime.signer_port, s.runtime.signer_port);
}

CAF_TEST(the three process example configs use distinct ports) {
  auto s = load("local-signer.toml");
  auto b = load("local-market-btc.toml");
  auto e = load("local-market-eth.toml");
  CAF_CHECK(b.runtime.role == node_role::market);
  CAF_CHECK_EQUAL(b.markets.at(0).symbol, "BTC");
  CAF_CHECK_EQUAL(e.markets.at(0).symbol, "ETH");
  CAF_CHECK(s.runtime.admin_port != b.runtime.admin_port);
  CAF_CHECK(b.runtime.admin_port != e.runtime.admin_port);
  CAF_CHECK(b.runtime.metrics_port != e.runtime.metrics_port);
  CAF_CHECK_EQUAL(b.runtime.signer_port, s.runtime.signer_port);
}
