// URLs (configured endpoints) and query strings / form bodies (what
// lighter-sim reads from every request), with the encoders' round trips.

#include "lighter/codec/text_encoding.hpp"
#include "lighter/net/url.hpp"
#include "tools/lighter-sim/sim_api.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace trailgrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto u = lighter::net::parse_url(text)) {
    (void)u->host_header();
    (void)u->path();
    (void)lighter::net::is_ip_literal(u->host);
  }
  if (auto fields = lighter::form_decode(text)) {
    auto again = lighter::form_decode(lighter::form_encode(*fields));
    if (!again || *again != *fields) std::abort();
    (void)lighter::net::append_query("/api/v1/x", *fields);
  }
  (void)sim::parse_form(text);
  auto pct = lighter::form_decode("v=" + lighter::percent_encode(text));
  if (!pct || pct->size() != 1 || (*pct)[0].second != text) std::abort();
  (void)lighter::json_string(text);
  return 0;
}
