#define CAF_SUITE codec_error_classifier
#include "caf/test/unit_test.hpp"

#include "lighter/codec/error_classifier.hpp"

using namespace trailgrid::lighter;

CAF_TEST(exchange codes map to actions) {
  struct row {
    int64_t code;
    error_class cls;
  };
  row rows[] = {
      {200, error_class::ok},
      {429, error_class::retry_later},
      {23000, error_class::retry_later},
      {21506, error_class::retry_later},
      {21719, error_class::retry_later},
      {21720, error_class::retry_later},
      {30009, error_class::retry_later},
      {30010, error_class::retry_later},
      {21104, error_class::resync_nonce},
      {21701, error_class::drop_order},
      {21702, error_class::drop_order},
      {21706, error_class::drop_order},
      {21601, error_class::drop_order},
      {21727, error_class::drop_order},
      {21728, error_class::drop_order},
      {21733, error_class::drop_order},
      {21734, error_class::drop_order},
      {21717, error_class::drop_order},
      {21718, error_class::drop_order},
      {21600, error_class::already_gone},
      {21709, error_class::already_gone},
      {21715, error_class::already_gone},
      {30003, error_class::already_gone},
      {30002, error_class::already_gone},
      {21732, error_class::resync_state},
      {21738, error_class::resync_state},
      {21740, error_class::resync_state},
      {20013, error_class::reauth},
      {29404, error_class::not_found},
      {21120, error_class::fatal},
      {21109, error_class::fatal},
      {21110, error_class::fatal},
      {21507, error_class::fatal},
      {21508, error_class::fatal},
      {21739, error_class::fatal},
      {21602, error_class::fatal},
      {21605, error_class::fatal},
      {21500, error_class::fatal},
      {21501, error_class::fatal},
      {21705, error_class::fatal},
      {21711, error_class::fatal},
      {21712, error_class::fatal},
      {21713, error_class::fatal},
      {21714, error_class::fatal},
      {23001, error_class::fatal},
      {23002, error_class::fatal},
      {23003, error_class::fatal},
      {20558, error_class::fatal},
      {30000, error_class::fatal},
      {30001, error_class::fatal},
      {30005, error_class::fatal},
      {20001, error_class::fatal},
      {12345, error_class::unknown},
  };
  for (const auto& r : rows) {
    CAF_MESSAGE(r.code);
    CAF_CHECK_EQUAL(to_string(classify(r.code)), to_string(r.cls));
  }
}

CAF_TEST(message texts win over codes) {
  CAF_CHECK(classify(21120, "Invalid Nonce: expected 7") ==
            error_class::resync_nonce);
  CAF_CHECK(classify(21120, "post only order would cross") ==
            error_class::drop_order);
  CAF_CHECK(classify(0, "Post-Only order rejected") == error_class::drop_order);
  CAF_CHECK(classify(20001,
                     "invalid param : auth query param and "
                     "Authorization header are empty") == error_class::reauth);
  CAF_CHECK(classify(api_error{21104, "invalid nonce"}) ==
            error_class::resync_nonce);
}

CAF_TEST(http statuses without a body code) {
  CAF_CHECK(classify_http(200) == error_class::ok);
  CAF_CHECK(classify_http(429) == error_class::retry_later);
  CAF_CHECK(classify_http(502) == error_class::retry_later);
  CAF_CHECK(classify_http(408) == error_class::retry_later);
  CAF_CHECK(classify_http(401) == error_class::reauth);
  CAF_CHECK(classify_http(403) == error_class::reauth);
  CAF_CHECK(classify_http(404) == error_class::not_found);
  CAF_CHECK(classify_http(400) == error_class::unknown);
  CAF_CHECK(classify_http(400, api_error{21706, "x"}) ==
            error_class::drop_order);
  CAF_CHECK(classify_http(429, api_error{23000, "too many requests"}) ==
            error_class::retry_later);
}
