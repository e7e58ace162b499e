#pragma once

#include "lighter/codec/tiers.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::sim {

/// Exchange time in unix milliseconds. The core never reads a clock: every
/// call that depends on time takes it as an argument.
using ms_t = int64_t;

/// Account tier: decides rate limit, speed bumps and fees (the one tier
/// table, lighter/codec/tiers.hpp, gives the defaults).
using tier = lighter::account_tier;

/// Number of tiers (indices of per-tier arrays).
inline constexpr size_t tier_count = lighter::tiers.size();

/// Order type, time in force and cancel-all modes as on the wire.
namespace wire {
inline constexpr int type_limit = 0;
inline constexpr int type_market = 1;
inline constexpr int tif_ioc = 0;
inline constexpr int tif_gtt = 1;
inline constexpr int tif_post_only = 2;
inline constexpr int cancel_all_immediate = 0;
inline constexpr int cancel_all_scheduled = 1;
inline constexpr int cancel_all_abort = 2;
/// Exchange order indices start here; a cancel Index below it is a client
/// order index.
inline constexpr int64_t order_index_floor = int64_t{1} << 48;
inline constexpr int nil_market = 255;
} // namespace wire

/// Error codes the simulator answers with. Lighter's codes where the protocol
/// notes give one; the ones marked "sim" are this simulator's own choice (no
/// captured source gives the real code).
namespace err {
inline constexpr int invalid_param = 20001;
inline constexpr int invalid_auth = 20013;
inline constexpr int not_found = 29404;
inline constexpr int account_not_found = 21100; // sim
inline constexpr int invalid_nonce = 21104;
inline constexpr int batch_nonces_not_increasing = 21105;
inline constexpr int api_key_not_found = 21109;
inline constexpr int invalid_api_key_index = 21110;
inline constexpr int tx_expired = 21117; // sim
inline constexpr int invalid_signature = 21120;
inline constexpr int batch_mixed_keys = 21121;
inline constexpr int invalid_tx_info = 21501;
inline constexpr int too_many_pending = 21506;
inline constexpr int batch_too_large = 21514;
inline constexpr int order_not_active = 21600;
inline constexpr int invalid_market = 21602;
inline constexpr int invalid_base_amount = 21701;
inline constexpr int invalid_price = 21702;
inline constexpr int invalid_order_type = 21703; // sim
inline constexpr int invalid_tif = 21705;
inline constexpr int invalid_order_amount = 21706;
inline constexpr int invalid_expiry = 21711;
inline constexpr int too_many_account_orders = 21717;
inline constexpr int too_many_market_orders = 21718;
inline constexpr int invalid_cancel_all_tif = 21713;
inline constexpr int invalid_cancel_all_time = 21714;
inline constexpr int invalid_client_order_index = 21727;
inline constexpr int duplicate_client_order_index = 21728;
inline constexpr int too_many_requests = 23000;
inline constexpr int ws_invalid_json = 30000;
inline constexpr int ws_invalid_type = 30001;
inline constexpr int ws_not_subscribed = 30002;
inline constexpr int ws_already_subscribed = 30003;
inline constexpr int ws_invalid_channel = 30005;
} // namespace err

/// A rejection: an exchange error code and its message.
struct sim_error {
  int code = 0;
  std::string message;

  /// The HTTP status the REST layer answers with (429 for rate limits).
  int http_status() const { return code == err::too_many_requests ? 429 : 400; }
};

} // namespace trailgrid::sim
