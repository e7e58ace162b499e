#define CAF_SUITE signer_access
#include "caf/test/unit_test.hpp"

#include "execution/signer_access.hpp"

using namespace trailgrid::execution;

namespace {

signer_access two_peers() {
  return signer_access{{
      {"btc-node-token-0123456789", {4}, {1}},
      {"any-market-token-0123456789", {4, 5}, {}},
  }};
}

} // namespace

CAF_TEST(a token opens only its own grant) {
  auto access = two_peers();
  auto g = access.authenticate("btc-node-token-0123456789");
  CAF_REQUIRE(g != nullptr);
  CAF_CHECK_EQUAL(g->markets.count(1), 1u);
  CAF_CHECK(access.authenticate("btc-node-token-012345678") == nullptr);
  CAF_CHECK(access.authenticate("btc-node-token-0123456789x") == nullptr);
  CAF_CHECK(access.authenticate("") == nullptr);
}

CAF_TEST(a grant without a token opens nothing) {
  signer_access access{{{"", {}, {}}}};
  CAF_CHECK(access.authenticate("") == nullptr);
  CAF_CHECK(access.authenticate("x") == nullptr);
}

CAF_TEST(a peer may sign only for its keys and markets) {
  auto access = two_peers();
  auto& btc = *access.authenticate("btc-node-token-0123456789");
  CAF_CHECK_EQUAL(signer_access::refusal(btc, 4, 1), "");
  CAF_CHECK_EQUAL(signer_access::refusal(btc, 4, 2),
                  "market 2 is not granted to this peer");
  CAF_CHECK_EQUAL(signer_access::refusal(btc, 5, 1),
                  "API key 5 is not granted to this peer");
  auto& any = *access.authenticate("any-market-token-0123456789");
  CAF_CHECK_EQUAL(signer_access::refusal(any, 5, 255), "");
  CAF_CHECK_EQUAL(signer_access::key_refusal(any, 6),
                  "API key 6 is not granted to this peer");
}

CAF_TEST(secrets compare equal only when identical) {
  CAF_CHECK(same_secret("abc", "abc"));
  CAF_CHECK(!same_secret("abc", "abd"));
  CAF_CHECK(!same_secret("ab", "abc"));
  CAF_CHECK(!same_secret("abcd", "abc"));
}
