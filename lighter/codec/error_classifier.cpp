#include "lighter/codec/error_classifier.hpp"

#include <cctype>

namespace trailgrid::lighter {

namespace {

/// Case-insensitive substring test (ASCII).
bool contains(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    size_t j = 0;
    for (; j < needle.size(); ++j) {
      auto a = std::tolower(static_cast<unsigned char>(text[i + j]));
      auto b = std::tolower(static_cast<unsigned char>(needle[j]));
      if (a != b) break;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

} // namespace

const char* to_string(error_class c) {
  switch (c) {
  case error_class::ok:
    return "ok";
  case error_class::retry_later:
    return "retry_later";
  case error_class::resync_nonce:
    return "resync_nonce";
  case error_class::drop_order:
    return "drop_order";
  case error_class::already_gone:
    return "already_gone";
  case error_class::resync_state:
    return "resync_state";
  case error_class::reauth:
    return "reauth";
  case error_class::not_found:
    return "not_found";
  case error_class::fatal:
    return "fatal";
  case error_class::unknown:
    return "unknown";
  }
  return "unknown";
}

error_class classify(int64_t code, std::string_view message) {
  if (code == 200) return error_class::ok;
  if (contains(message, "invalid nonce")) return error_class::resync_nonce;
  if (contains(message, "post only") || contains(message, "post-only"))
    return error_class::drop_order;
  switch (code) {
  case 429:
  case 23000:
  case 21506:
  case 21719:
  case 21720:
  case 30009:
  case 30010:
    return error_class::retry_later;
  case 21104:
    return error_class::resync_nonce;
  case 21601:
  case 21701:
  case 21702:
  case 21706:
  case 21717:
  case 21718:
  case 21727:
  case 21728:
  case 21733:
  case 21734:
    return error_class::drop_order;
  case 21600:
  case 21709:
  case 21715:
  case 30002:
  case 30003:
    return error_class::already_gone;
  case 21732:
  case 21738:
  case 21740:
    return error_class::resync_state;
  case 20013:
    return error_class::reauth;
  case 20001:
    return contains(message, "auth") ? error_class::reauth : error_class::fatal;
  case 29404:
    return error_class::not_found;
  case 21120:
  case 21109:
  case 21110:
  case 21507:
  case 21508:
  case 21739:
  case 21602:
  case 21605:
  case 21500:
  case 21501:
  case 21705:
  case 21711:
  case 21712:
  case 21713:
  case 21714:
  case 23001:
  case 23002:
  case 23003:
  case 20558:
  case 30000:
  case 30001:
  case 30005:
    return error_class::fatal;
  default:
    return error_class::unknown;
  }
}

error_class classify_http(int http_status,
                          const std::optional<api_error>& api) {
  if (api) return classify(*api);
  if (http_status >= 200 && http_status < 300) return error_class::ok;
  if (http_status == 429 || http_status == 408 || http_status >= 500)
    return error_class::retry_later;
  if (http_status == 401 || http_status == 403) return error_class::reauth;
  if (http_status == 404) return error_class::not_found;
  return error_class::unknown;
}

} // namespace trailgrid::lighter
