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
      {21728, error_class::duplicate_client_index},
      {21136, error_class::fatal},
      {21105, error_class::resync_nonce},
      {21514, error_class::fatal},
      {21121, error_class::fatal},
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

CAF_TEST(the code table is sorted and lists every code of sections 9 and 13) {
  for (size_t i = 1; i < error_codes.size(); ++i)
    CAF_CHECK_LESS(error_codes[i - 1].code, error_codes[i].code);
  const int64_t section_9_and_13[] = {
      21104, 21120, 21109, 21110, 21500, 21501, 21506, 21507, 21508, 21600,
      21709, 21715, 21601, 21602, 21605, 21701, 21702, 21706, 21705, 21711,
      21712, 21713, 21714, 21717, 21718, 21719, 21720, 21727, 21728, 21732,
      21738, 21740, 21733, 21734, 21739, 23000, 23001, 23002, 23003, 30003,
      30002, 30009, 30010, 21136, 21149, 21122, 21105, 21111, 21121, 21513,
      21514, 21516, 21741, 21742, 21743, 21744, 21745, 23004, 29500, 29501,
      30000, 30001, 30004, 30005, 30006, 30007, 30008, 30011, 30012};
  for (auto code : section_9_and_13) {
    CAF_MESSAGE(code);
    auto row = find_error_code(code);
    CAF_REQUIRE(row != nullptr);
    CAF_CHECK(!row->message.empty());
    CAF_CHECK(classify(code) != error_class::unknown);
  }
}

CAF_TEST(unknown codes are logged with their text and never retried) {
  CAF_CHECK(find_error_code(21999) == nullptr);
  CAF_CHECK(classify(21999, "something new") == error_class::unknown);
  CAF_CHECK(reject_reason_of(21999, "something new") == reject_reason::other);
  CAF_CHECK_EQUAL(describe(21999, "something new"),
                  "exchange code 21999 (not in the code table: order "
                  "dropped, state reconciled): \"something new\"");
}

CAF_TEST(21136 tells the operator to register a fresh API key) {
  auto text = describe(21136, "invalid PublicKey, update the sdk");
  CAF_CHECK(text.find("register a fresh API key") != std::string::npos);
  CAF_CHECK(text.find("invalid PublicKey") != std::string::npos);
}

CAF_TEST(21728 has its own class for idempotent resends) {
  CAF_CHECK(classify(21728, "duplicate client order index") ==
            error_class::duplicate_client_index);
  CAF_CHECK(find_error_code(21728)->message.find("already placed") !=
            std::string_view::npos);
}

CAF_TEST(reject reasons for the executor come from the same table) {
  CAF_CHECK(reject_reason_of(21120, "post only order would cross") ==
            reject_reason::post_only_cross);
  CAF_CHECK(reject_reason_of(0, "Post-Only order rejected") ==
            reject_reason::post_only_cross);
  CAF_CHECK(reject_reason_of(21120, "invalid nonce") ==
            reject_reason::invalid_nonce);
  CAF_CHECK(reject_reason_of(21104) == reject_reason::invalid_nonce);
  CAF_CHECK(reject_reason_of(21105) == reject_reason::invalid_nonce);
  CAF_CHECK(reject_reason_of(21701) == reject_reason::invalid_amount);
  CAF_CHECK(reject_reason_of(21702) == reject_reason::invalid_amount);
  CAF_CHECK(reject_reason_of(21706) == reject_reason::invalid_amount);
  CAF_CHECK(reject_reason_of(21507) == reject_reason::insufficient_margin);
  CAF_CHECK(reject_reason_of(21508) == reject_reason::insufficient_margin);
  CAF_CHECK(reject_reason_of(21739) == reject_reason::insufficient_margin);
  // The two older copies disagreed on 30009/30010: they are rate limits.
  for (int64_t code : {429, 23000, 21506, 21719, 21720, 30009, 30010}) {
    CAF_MESSAGE(code);
    CAF_CHECK(reject_reason_of(code) == reject_reason::rate_limited);
    CAF_CHECK(classify(code) == error_class::retry_later);
  }
  CAF_CHECK(reject_reason_of(21728) == reject_reason::other);
  CAF_CHECK(reject_reason_of(21136) == reject_reason::other);
}
