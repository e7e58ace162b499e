#define CAF_SUITE net_url

#include "lighter/net/url.hpp"

#include "caf/test/unit_test.hpp"

using namespace trailgrid::lighter::net;

namespace {

std::string error_of(std::string_view text) {
  auto parsed = parse_url(text);
  return parsed ? std::string("<parsed>") : parsed.error().message;
}

} // namespace

CAF_TEST(an https url gets the default port and keeps path and query) {
  auto u = parse_url("HTTPS://mainnet.zklighter.elliot.ai/api/v1/x?a=1#frag");
  CAF_REQUIRE(u.has_value());
  CAF_CHECK_EQUAL(u->scheme, "https");
  CAF_CHECK_EQUAL(u->host, "mainnet.zklighter.elliot.ai");
  CAF_CHECK_EQUAL(u->port, 443u);
  CAF_CHECK_EQUAL(u->target, "/api/v1/x?a=1");
  CAF_CHECK_EQUAL(std::string(u->path()), "/api/v1/x");
  CAF_CHECK(u->tls());
  CAF_CHECK(!u->websocket());
  CAF_CHECK_EQUAL(u->host_header(), "mainnet.zklighter.elliot.ai");
}

CAF_TEST(a ws url with an explicit port and no path targets the root) {
  auto u = parse_url("ws://127.0.0.1:8080");
  CAF_REQUIRE(u.has_value());
  CAF_CHECK_EQUAL(u->port, 8080u);
  CAF_CHECK_EQUAL(u->target, "/");
  CAF_CHECK(u->websocket());
  CAF_CHECK(!u->tls());
  CAF_CHECK_EQUAL(u->host_header(), "127.0.0.1:8080");
  auto q = parse_url("wss://h?readonly=true");
  CAF_REQUIRE(q.has_value());
  CAF_CHECK_EQUAL(q->target, "/?readonly=true");
  CAF_CHECK_EQUAL(q->port, 443u);
}

CAF_TEST(ipv6 hosts are bracketed in the url and in the host header) {
  auto u = parse_url("http://[::1]:9000/a");
  CAF_REQUIRE(u.has_value());
  CAF_CHECK_EQUAL(u->host, "::1");
  CAF_CHECK_EQUAL(u->port, 9000u);
  CAF_CHECK_EQUAL(u->host_header(), "[::1]:9000");
  CAF_CHECK(!parse_url("http://[example.com]/").has_value());
  CAF_CHECK(!parse_url("http://[::1/").has_value());
}

CAF_TEST(bad urls are rejected with a message naming the problem) {
  CAF_CHECK_EQUAL(error_of("ftp://x/"),
                  "invalid URL 'ftp://x/': scheme 'ftp' is not one of http, "
                  "https, ws, wss");
  CAF_CHECK_EQUAL(error_of("localhost:80"),
                  "invalid URL 'localhost:80': missing 'scheme://'");
  CAF_CHECK_EQUAL(error_of("http:///path"),
                  "invalid URL 'http:///path': empty host");
  CAF_CHECK_EQUAL(error_of("http://h:0/"),
                  "invalid URL 'http://h:0/': port '0' is not a number in "
                  "1..65535");
  CAF_CHECK_EQUAL(error_of("http://h:65536/"),
                  "invalid URL 'http://h:65536/': port '65536' is not a "
                  "number in 1..65535");
  CAF_CHECK_EQUAL(error_of("http://h:8x/"),
                  "invalid URL 'http://h:8x/': port '8x' is not a number in "
                  "1..65535");
  CAF_CHECK_EQUAL(error_of("http://h:/"),
                  "invalid URL 'http://h:/': empty port");
  CAF_CHECK_EQUAL(error_of("http://u:p@h/"),
                  "invalid URL 'http://u:p@h/': user info ('user@') is not "
                  "supported");
  CAF_CHECK_EQUAL(error_of("http://h/a b"),
                  "invalid URL 'http://h/a b': contains whitespace or a "
                  "control character");
  auto empty = parse_url("");
  CAF_REQUIRE(!empty.has_value());
  CAF_CHECK(empty.error().code == net_errc::invalid_argument);
}

CAF_TEST(form encoding escapes everything but unreserved characters) {
  query_params form{{"tx_type", "14"},
                    {"tx_info", R"({"Nonce":7,"Price":"1.5"})"},
                    {"x y", "a+b&c=d~_.-"}};
  auto text = form_encode(form);
  CAF_CHECK_EQUAL(text, "tx_type=14&tx_info=%7B%22Nonce%22%3A7%2C%22Price%22"
                        "%3A%221.5%22%7D&x%20y=a%2Bb%26c%3Dd~_.-");
  auto back = form_decode(text);
  CAF_REQUIRE(back.has_value());
  CAF_CHECK(*back == form);
}

CAF_TEST(form decoding reads plus as space and rejects bad escapes) {
  auto d = form_decode("a=x+y&b=&c&&d=%41");
  CAF_REQUIRE(d.has_value());
  query_params want{{"a", "x y"}, {"b", ""}, {"c", ""}, {"d", "A"}};
  CAF_CHECK(*d == want);
  CAF_CHECK(!form_decode("a=%4").has_value());
  CAF_CHECK(!form_decode("a=%zz").has_value());
  CAF_CHECK(!form_decode("a=%").has_value());
}

CAF_TEST(append query picks the right separator) {
  CAF_CHECK_EQUAL(append_query("/a", {{"k", "v"}}), "/a?k=v");
  CAF_CHECK_EQUAL(append_query("/a?x=1", {{"k", "v"}}), "/a?x=1&k=v");
  CAF_CHECK_EQUAL(append_query("/a?", {{"k", "v"}}), "/a?k=v");
  CAF_CHECK_EQUAL(append_query("/a", {}), "/a");
}

CAF_TEST(ip literals are recognised) {
  CAF_CHECK(is_ip_literal("127.0.0.1"));
  CAF_CHECK(is_ip_literal("::1"));
  CAF_CHECK(!is_ip_literal("localhost"));
  CAF_CHECK(!is_ip_literal("127.0.0"));
  CAF_CHECK(!is_ip_literal(""));
}
