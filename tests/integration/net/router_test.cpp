#define CAF_SUITE net_router

#include "lighter/net/http_router.hpp"

#include "caf/test/unit_test.hpp"

using namespace trailgrid::lighter::net;

CAF_TEST(the router dispatches by method and path and answers 404 or 405) {
  http_router router;
  router.add("GET", "/api/v1/nonce",
             [](std::string_view target, std::string_view) {
               return http_reply{200, "application/json", std::string(target)};
             });
  router.add("POST", "/api/v1/sendTx",
             [](std::string_view, std::string_view body) {
               return http_reply{200, "application/json", std::string(body)};
             });
  auto get = router("GET", "/api/v1/nonce?account_index=3", "");
  CAF_CHECK_EQUAL(get.status, 200);
  CAF_CHECK_EQUAL(get.body, "/api/v1/nonce?account_index=3");
  auto post = router("POST", "/api/v1/sendTx", "tx_type=14");
  CAF_CHECK_EQUAL(post.body, "tx_type=14");
  auto wrong_method = router("POST", "/api/v1/nonce", "");
  CAF_CHECK_EQUAL(wrong_method.status, 405);
  CAF_CHECK_EQUAL(
      wrong_method.body,
      R"({"code":405,"message":"POST not allowed on /api/v1/nonce"})");
  auto missing = router("GET", "/nope?x=1", "");
  CAF_CHECK_EQUAL(missing.status, 404);
  CAF_CHECK_EQUAL(missing.body,
                  R"({"code":404,"message":"no route for /nope"})");
}
