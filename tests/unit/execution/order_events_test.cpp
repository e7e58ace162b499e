#define CAF_SUITE order_events
#include "caf/test/unit_test.hpp"

#include "execution/order_events.hpp"

using namespace trailgrid::execution;
using trailgrid::lighter::error_class;

CAF_TEST(every error class maps to what the sender does about it) {
  CAF_CHECK(verdict_of(error_class::ok) == exchange_verdict::accepted);
  CAF_CHECK(verdict_of(error_class::retry_later) ==
            exchange_verdict::retry_later);
  CAF_CHECK(verdict_of(error_class::reauth) == exchange_verdict::retry_later);
  CAF_CHECK(verdict_of(error_class::resync_nonce) ==
            exchange_verdict::resync_nonce);
  CAF_CHECK(verdict_of(error_class::drop_order) ==
            exchange_verdict::drop_order);
  CAF_CHECK(verdict_of(error_class::resync_state) ==
            exchange_verdict::drop_order);
  CAF_CHECK(verdict_of(error_class::already_gone) ==
            exchange_verdict::already_gone);
  CAF_CHECK(verdict_of(error_class::fatal) == exchange_verdict::fatal);
  // A resend whose first copy rests, and answers we cannot place: the
  // executor reads the live orders.
  CAF_CHECK(verdict_of(error_class::duplicate_client_index) ==
            exchange_verdict::unknown);
  CAF_CHECK(verdict_of(error_class::not_found) == exchange_verdict::unknown);
  CAF_CHECK(verdict_of(error_class::unknown) == exchange_verdict::unknown);
}

CAF_TEST(a refused create is classed by the exchange code table) {
  CAF_CHECK(reject_class_of(21104, "invalid nonce") ==
            reject_class::invalid_nonce);
  CAF_CHECK(reject_class_of(21701, "invalid base amount") ==
            reject_class::invalid_amount);
  CAF_CHECK(reject_class_of(21508, "below initial margin") ==
            reject_class::insufficient_margin);
  CAF_CHECK(reject_class_of(123456, "something new") == reject_class::other);
  CAF_CHECK_EQUAL(to_string(reject_class::post_only_cross), "post_only_cross");
  CAF_CHECK_EQUAL(to_string(exchange_verdict::already_gone), "already_gone");
}
