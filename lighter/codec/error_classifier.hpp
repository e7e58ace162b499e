#pragma once

#include "lighter/codec/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::lighter {

/// What the caller should do about an exchange answer.
///
/// | class        | codes (protocol notes 9)                       | action |
/// |--------------|------------------------------------------------|--------|
/// | ok           | 200                                            | none |
/// | retry_later  | 429/23000, 21506, 21719/21720, 30009/30010,     | back off
/// (exponential), send again | |              | HTTP 5xx/408 without a known
/// code               | | | resync_nonce | 21104, any text containing "invalid
/// nonce"     | re-read nextNonce, re-sign what was not accepted | | drop_order
/// | 21701/21702/21706 (size/price/min amount),     | do not place this order;
/// next reset recomputes | |              | 21601 (book full), 21727/21728
/// (client index), | | |              | 21733/21734 (price band), 21717/21718
/// (max     | | |              | active orders), text "post only"/"post-only"
/// | | | already_gone | 21600/21709/21715 (cancel of inactive order),  | treat
/// as success; reconcile | |              | 30003/30002 (already/not
/// subscribed)           | | | resync_state | 21732/21738/21740
/// (reduce-only/direction/mode) | drop the order, reload position and orders |
/// | reauth       | 20013 (invalid auth), 20001 mentioning auth,   | make a
/// fresh auth token, resubscribe/retry | |              | HTTP 401/403 | | |
/// not_found    | 29404 (sent as HTTP 400)                       | caller
/// decides (unknown account/tx: often pending) | | fatal        | 21120
/// (signature), 21109/21110 (API key),      | stop this market/bot and alert:
/// retrying cannot help | |              | 21507/21508/21739 (margin),
/// 21602/21605        | | |              | (market), 21500/21501 (tx info),
/// 21705/21711   | | |              | (TIF/expiry), 21712-21714 (cancel-all
/// params), | | |              | 23001-23003 (too many subs/accounts/conns), |
/// | |              | 20558 (geo restriction), 20001 (invalid param),| | | |
/// 30000/30001/30005 (invalid JSON/type/channel)  | | | unknown      | anything
/// else                                  | log; treat like drop_order and
/// reconcile |
///
/// Text matches ("invalid nonce", "post only") win over the code, because
/// third-party reports pair those texts with inconsistent codes.
enum class error_class {
  ok,
  retry_later,
  resync_nonce,
  drop_order,
  already_gone,
  resync_state,
  reauth,
  not_found,
  fatal,
  unknown,
};

/// Text for logs ("retry_later", ...).
const char* to_string(error_class c);

/// Classifies an exchange code (REST body `code`, WS `error.code`, or a
/// rejected tx reply's `code`) and its message.
error_class classify(int64_t code, std::string_view message = {});

/// Classifies an exchange error value.
inline error_class classify(const api_error& e) {
  return classify(e.code, e.message);
}

/// Classifies an HTTP answer: the body's code when there is one (`api`),
/// else the status alone (429 -> retry_later, 5xx -> retry_later, 401/403 ->
/// reauth, 404 -> not_found, other 4xx -> unknown, 2xx -> ok).
error_class classify_http(int http_status,
                          const std::optional<api_error>& api = {});

} // namespace trailgrid::lighter
