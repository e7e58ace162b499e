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

CAF_TEST(request routes see headers by case insensitive name) {
  http_router router;
  router.add(
      "GET", "/api/v1/accountActiveOrders", [](const incoming_request& r) {
        return http_reply{200, "text/plain",
                          std::string(r.header("AUTHORIZATION").value_or("-"))};
      });
  incoming_request req{"GET",
                       "/api/v1/accountActiveOrders?account_index=7",
                       "",
                       {{"Host", "x"}, {"Authorization", "a:b"}}};
  auto r = router(req);
  CAF_CHECK_EQUAL(r.status, 200);
  CAF_CHECK_EQUAL(r.body, "a:b");
  // Without headers (the three-argument form) the lookup finds nothing.
  CAF_CHECK_EQUAL(router("GET", "/api/v1/accountActiveOrders", "").body, "-");
  CAF_CHECK_EQUAL(router(incoming_request{"POST", "/x", "", {}}).status, 404);
  CAF_CHECK(!req.header("Authorizatio"));
  CAF_CHECK(!req.header("Authorization2"));
  CAF_CHECK_EQUAL(req.header("host").value_or(""), "x");
}

CAF_TEST(a handler converts from either callable form) {
  http_handler none;
  CAF_CHECK(!none);
  http_handler empty_fn{std::function<http_reply(
      std::string_view, std::string_view, std::string_view)>{}};
  CAF_CHECK(!empty_fn);
  http_handler three = [](std::string_view m, std::string_view t,
                          std::string_view b) {
    return http_reply{200, "text/plain",
                      std::string(m) + std::string(t) + std::string(b)};
  };
  CAF_REQUIRE(three);
  incoming_request req{"POST", "/t", "b", {{"Authorization", "x"}}};
  CAF_CHECK_EQUAL(three(req).body, "POST/tb");
  http_router router;
  router.add("POST", "/t", [](const incoming_request& r) {
    return http_reply{200, "text/plain",
                      std::string(*r.header("authorization"))};
  });
  http_handler routed = router;
  CAF_CHECK_EQUAL(routed(req).body, "x");
}
