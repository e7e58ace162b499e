#include "lighter/net/url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace trailgrid::lighter::net {

namespace {

std::uint16_t default_port(std::string_view scheme) {
  return (scheme == "https" || scheme == "wss") ? 443 : 80;
}

net_error bad_url(std::string_view text, std::string what) {
  return {net_errc::invalid_argument,
          "invalid URL '" + std::string(text) + "': " + std::move(what)};
}

} // namespace

std::string_view url::path() const noexcept {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string url::host_header() const {
  std::string out =
      host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

result<url> parse_url(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return bad_url(text, "contains whitespace or a control character");
  auto sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0)
    return bad_url(text, "missing 'scheme://'");
  url out;
  out.scheme = std::string(text.substr(0, sep));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (out.scheme != "http" && out.scheme != "https" && out.scheme != "ws" &&
      out.scheme != "wss")
    return bad_url(text, "scheme '" + out.scheme +
                             "' is not one of http, https, ws, wss");
  std::string_view rest = text.substr(sep + 3);
  rest = rest.substr(0, rest.find('#'));
  auto auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view target = auth_end == std::string_view::npos
                                ? std::string_view{}
                                : rest.substr(auth_end);
  if (authority.find('@') != std::string_view::npos)
    return bad_url(text, "user info ('user@') is not supported");
  std::string_view host = authority;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return bad_url(text, "unterminated '[' in IPv6 host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return bad_url(text, "unexpected characters after ']'");
      port_text = after.substr(1);
      if (port_text.empty()) return bad_url(text, "empty port");
    }
    if (!is_ip_literal(host) || host.find(':') == std::string_view::npos)
      return bad_url(text,
                     "'[" + std::string(host) + "]' is not an IPv6 address");
  } else {
    auto colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad_url(text, "empty port");
    }
  }
  if (host.empty()) return bad_url(text, "empty host");
  out.host = std::string(host);
  out.port = default_port(out.scheme);
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(
        port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() ||
        value == 0 || value > 65535)
      return bad_url(text, "port '" + std::string(port_text) +
                               "' is not a number in 1..65535");
    out.port = static_cast<std::uint16_t>(value);
  }
  if (target.empty())
    out.target = "/";
  else if (target.front() == '?')
    out.target = "/" + std::string(target);
  else
    out.target = std::string(target);
  return out;
}

std::string append_query(std::string_view target, const query_params& params) {
  std::string out(target);
  if (params.empty()) return out;
  if (out.find('?') == std::string::npos)
    out.push_back('?');
  else if (out.back() != '?' && out.back() != '&')
    out.push_back('&');
  out += form_encode(params);
  return out;
}

bool is_ip_literal(std::string_view host) noexcept {
  if (host.empty() || host.size() > 63) return false;
  char buf[64];
  host.copy(buf, host.size());
  buf[host.size()] = '\0';
  unsigned char addr[16];
  return inet_pton(AF_INET, buf, addr) == 1 ||
         inet_pton(AF_INET6, buf, addr) == 1;
}

} // namespace trailgrid::lighter::net
