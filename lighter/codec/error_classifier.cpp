#include "lighter/codec/error_classifier.hpp"

#include <algorithm>
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

bool says_invalid_nonce(std::string_view message) {
  return contains(message, "invalid nonce");
}

bool says_post_only(std::string_view message) {
  return contains(message, "post only") || contains(message, "post-only");
}

} // namespace

const error_code_info* find_error_code(int64_t code) {
  auto it = std::lower_bound(
      error_codes.begin(), error_codes.end(), code,
      [](const error_code_info& row, int64_t c) { return row.code < c; });
  return it != error_codes.end() && it->code == code ? &*it : nullptr;
}

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
  case error_class::duplicate_client_index:
    return "duplicate_client_index";
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

const char* to_string(reject_reason r) {
  switch (r) {
  case reject_reason::post_only_cross:
    return "post_only_cross";
  case reject_reason::invalid_amount:
    return "invalid_amount";
  case reject_reason::insufficient_margin:
    return "insufficient_margin";
  case reject_reason::rate_limited:
    return "rate_limited";
  case reject_reason::invalid_nonce:
    return "invalid_nonce";
  case reject_reason::other:
    return "other";
  }
  return "other";
}

error_class classify(int64_t code, std::string_view message) {
  if (code == 200) return error_class::ok;
  if (says_invalid_nonce(message)) return error_class::resync_nonce;
  if (says_post_only(message)) return error_class::drop_order;
  if (code == 20001) // "invalid param" also answers a missing auth token
    return contains(message, "auth") ? error_class::reauth : error_class::fatal;
  const auto* row = find_error_code(code);
  return row ? row->cls : error_class::unknown;
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

reject_reason reject_reason_of(int64_t code, std::string_view message) {
  if (says_post_only(message)) return reject_reason::post_only_cross;
  if (says_invalid_nonce(message)) return reject_reason::invalid_nonce;
  const auto* row = find_error_code(code);
  return row ? row->reason : reject_reason::other;
}

std::string describe(int64_t code, std::string_view message) {
  const auto* row = find_error_code(code);
  std::string out = "exchange code " + std::to_string(code) + " (";
  out += row ? row->message
             : std::string_view{"not in the code table: order dropped, "
                                "state reconciled"};
  out += ")";
  if (!message.empty()) {
    out += ": \"";
    out += message;
    out += "\"";
  }
  return out;
}

} // namespace trailgrid::lighter
