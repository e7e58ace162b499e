// lighter-sim's request handling as its server feeds it: REST requests
// (query strings, form bodies, auth tokens, sendTx / sendTxBatch) and
// WebSocket frames (subscribe, jsonapi/sendtx...). The input is
//   <METHOD> <target>\n<authorization>\n<body>
// with METHOD GET, POST or WS; for WS each further line is one frame.
// The exchange starts fresh every input, so an input replays alone.

#include "tools/lighter-sim/sim_api.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace trailgrid::sim;

namespace {

constexpr ms_t t0 = 1700000000000;

// One market (the default BTC, few background levels: cheap to build) and
// account 7 with api key 3 (the values the seeds use).
sim_cfg fuzz_cfg() {
  sim_cfg c = default_config();
  market_cfg btc = *c.market(1);
  btc.book.levels = 3;
  c.markets = {btc};
  account_cfg a;
  a.index = 7;
  a.keys = {api_key_cfg{3, std::string(80, 'a'), 0}};
  c.accounts = {a};
  return c;
}

std::string_view next_line(std::string_view& in) {
  auto nl = in.find('\n');
  auto line = in.substr(0, nl);
  in = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
  return line;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sim_cfg cfg = fuzz_cfg();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto request = next_line(in);
  auto auth = next_line(in);
  auto sp = request.find(' ');
  if (sp == std::string_view::npos) return 0;
  std::string method(request.substr(0, sp));
  std::string target(request.substr(sp + 1));
  exchange ex(cfg, t0);
  sim_api api(ex, verifiers{}, t0);
  if (method == "WS") {
    auto session = api.open_session().first;
    while (!in.empty())
      (void)api.on_ws_text(session, next_line(in), t0);
    api.close_session(session);
    return 0;
  }
  http_request req{method, target, std::string(in), std::string(auth)};
  (void)api.handle_http(req, t0);
  return 0;
}
