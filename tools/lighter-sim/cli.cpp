#include "tools/lighter-sim/cli.hpp"

#include "marketdata/csv_cursor.hpp"
#include "marketdata/readers.hpp"

#include <cctype>
#include <functional>
#include <map>
#include <tuple>
#include <utility>

namespace trailgrid::sim {

namespace {

struct bad_value {
  std::string message;
};

int64_t to_i64(const std::string& flag, const std::string& v) {
  try {
    size_t used = 0;
    long long x = std::stoll(v, &used);
    if (used == v.size()) return x;
  } catch (const std::exception&) {
  }
  throw bad_value{flag + " wants an integer, got '" + v + "'"};
}

double to_f64(const std::string& flag, const std::string& v) {
  try {
    size_t used = 0;
    double x = std::stod(v, &used);
    if (used == v.size()) return x;
  } catch (const std::exception&) {
  }
  throw bad_value{flag + " wants a number, got '" + v + "'"};
}

double to_fraction(const std::string& flag, const std::string& v) {
  double x = to_f64(flag, v);
  if (x < 0 || x > 1)
    throw bad_value{flag + " wants a fraction in 0..1, got '" + v + "'"};
  return x;
}

stall_cfg to_stall(const std::string& v) {
  // CHANNEL:START_MS:DURATION_MS; the channel may itself contain ':'.
  auto last = v.rfind(':');
  auto mid = last == std::string::npos || last == 0 ? std::string::npos
                                                    : v.rfind(':', last - 1);
  if (mid == std::string::npos)
    throw bad_value{"--stall wants CHANNEL:START_MS:DURATION_MS, got '" + v +
                    "'"};
  return stall_cfg{v.substr(0, mid),
                   to_i64("--stall", v.substr(mid + 1, last - mid - 1)),
                   to_i64("--stall", v.substr(last + 1))};
}

// EVERY_MS:DURATION_MS of a periodic window fault.
std::pair<int64_t, int64_t> to_window(const std::string& flag,
                                      const std::string& v) {
  const auto colon = v.find(':');
  if (colon == std::string::npos)
    throw bad_value{flag + " wants EVERY_MS:DURATION_MS, got '" + v + "'"};
  const auto every = to_i64(flag, v.substr(0, colon));
  const auto length = to_i64(flag, v.substr(colon + 1));
  if (every <= 0 || length <= 0 || length >= every)
    throw bad_value{flag + " wants 0 < DURATION_MS < EVERY_MS, got '" + v +
                    "'"};
  return {every, length};
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

} // namespace

std::string cli_help() {
  return R"(lighter-sim: a local Lighter-compatible exchange simulator

Serves the exchange's REST paths (/api/v1/...) and its WebSocket (/stream) on
127.0.0.1. The first line printed is exactly
  rest=http://127.0.0.1:N ws=ws://127.0.0.1:N/stream
(https/wss with --tls). Stop with SIGINT or SIGTERM.

Usage: lighter-sim [options]

General:
  --config FILE            TOML config (markets, tiers, accounts, faults);
                           without it the built-in default (ETH market 0,
                           BTC market 1, synthetic prices, no accounts)
  --port N                 port to listen on (0 = pick a free one; default 0)
  --tls                    serve https/wss with a self-signed certificate
  --cert-dir DIR           write the certificate (cert.pem) and key (key.pem)
                           there, so clients can trust it (with --tls)
  --speed X                replay price paths X times faster than real time
  --data FILE              candle CSV (ts_ms,open,high,low,close,volume) or
                           trade CSV (ts_ms,price,qty,side) with that header
                           line, plain or gzip, as the price path of one
                           market (values rounded to its ticks and lots)
  --data-market ID         market of --data (default: guessed from the file
                           name, ETH or BTC, else the first market)
  --seed N                 seed of the synthetic paths, book and faults
  --record FILE            append everything the exchange accepted (txs,
                           rejections, orders, fills) as JSON lines
  --register-key PUBHEX:ACCOUNT:APIKEY
                           register an API public key (80 hex); creates the
                           account with the default collateral; repeatable
  --fill-model through|queue
                           resting orders fill when the path trades through
                           their price; queue also needs the size ahead traded
  --max-batch N            largest WebSocket sendtxbatch (default 15)
  --tick-ms N              how often the exchange advances: matches, and
                           publishes fills and orders (default 50)
  --market-data-every-ms N publish order books and market stats at most this
                           often (default 0: every tick); with a short tick,
                           fills go out at once and books keep their cadence
  --no-verify              accept any signature and auth token (no crypto)
  --help                   this text

Faults (all off by default; also settable in [faults] of the config):
  --drop-ws-every MS       close every WebSocket every MS milliseconds
  --delay-fraction F       delay this fraction of WebSocket frames ...
  --delay-ms MS            ... by MS milliseconds
  --reorder-fraction F     swap this fraction of frames with the next one
  --reject-fraction F      reject this fraction of tx requests ...
  --reject-code N          ... with this code (default 21506)
  --nonce-desync-every N   after every Nth accepted tx, skip a nonce of its key
  --malformed-every N      replace every Nth data frame by a malformed one
  --stall CHANNEL:START_MS:DURATION_MS
                           drop frames of channels starting with CHANNEL
                           (e.g. order_book:1) in that window after start;
                           repeatable
  --rest-outage EVERY_MS:DURATION_MS
                           every EVERY_MS (first at EVERY_MS after start)
                           REST answers 503 for DURATION_MS, sendTx and
                           sendTxBatch included (/sim/ paths stay up)
  --ws-outage EVERY_MS:DURATION_MS
                           every EVERY_MS (first at EVERY_MS after start)
                           every WebSocket is dropped for DURATION_MS, new
                           ones as soon as they open (REST stays up)
  --account-stall EVERY_MS:DURATION_MS
                           every EVERY_MS the account_* channels go silent
                           for DURATION_MS; the sockets stay open
  --session-max-age MS     close each WebSocket session (normal close, code
                           1000) once it is MS milliseconds old
  --partial-fill-fraction F
                           this fraction of fills of resting orders fill only
                           half the size (at least 1 lot); the rest rests
Every injected fault is counted under "faults" in GET /sim/record, next to
the record and the end state ("state": markets, positions, live orders,
next nonces).
)";
}

std::variant<cli_options, std::string> parse_cli(int argc,
                                                 const char* const* argv) {
  cli_options o;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string flag = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw bad_value{flag + " needs a value"};
        return argv[++i];
      };
      if (flag == "--help" || flag == "-h") {
        o.help = true;
      } else if (flag == "--config") {
        o.config_file = value();
      } else if (flag == "--port") {
        auto p = to_i64(flag, value());
        if (p < 0 || p > 65535) throw bad_value{"--port wants 0..65535"};
        o.port = static_cast<uint16_t>(p);
      } else if (flag == "--tls") {
        o.tls = true;
      } else if (flag == "--cert-dir") {
        o.cert_dir = value();
      } else if (flag == "--speed") {
        o.speed = to_f64(flag, value());
        if (!(*o.speed > 0)) throw bad_value{"--speed must be > 0"};
      } else if (flag == "--data") {
        o.data_file = value();
      } else if (flag == "--data-market") {
        o.data_market = static_cast<int>(to_i64(flag, value()));
      } else if (flag == "--seed") {
        o.seed = static_cast<uint64_t>(to_i64(flag, value()));
      } else if (flag == "--record") {
        o.record_file = value();
      } else if (flag == "--register-key") {
        o.register_keys.push_back(value());
      } else if (flag == "--fill-model") {
        o.fill_model = value();
        if (*o.fill_model != "through" && *o.fill_model != "queue")
          throw bad_value{"--fill-model wants through or queue"};
      } else if (flag == "--max-batch") {
        o.max_batch = static_cast<int>(to_i64(flag, value()));
        if (*o.max_batch < 1) throw bad_value{"--max-batch must be >= 1"};
      } else if (flag == "--tick-ms") {
        o.tick_ms = to_i64(flag, value());
        if (o.tick_ms < 1) throw bad_value{"--tick-ms must be >= 1"};
      } else if (flag == "--market-data-every-ms") {
        o.market_data_every_ms = to_i64(flag, value());
        if (*o.market_data_every_ms < 0)
          throw bad_value{"--market-data-every-ms must be >= 0"};
      } else if (flag == "--no-verify") {
        o.no_verify = true;
      } else if (flag == "--drop-ws-every") {
        o.drop_ws_every_ms = to_i64(flag, value());
      } else if (flag == "--delay-fraction") {
        o.delay_fraction = to_fraction(flag, value());
      } else if (flag == "--delay-ms") {
        o.delay_ms = to_i64(flag, value());
      } else if (flag == "--reorder-fraction") {
        o.reorder_fraction = to_fraction(flag, value());
      } else if (flag == "--reject-fraction") {
        o.reject_fraction = to_fraction(flag, value());
      } else if (flag == "--reject-code") {
        o.reject_code = static_cast<int>(to_i64(flag, value()));
      } else if (flag == "--nonce-desync-every") {
        o.nonce_desync_every = to_i64(flag, value());
      } else if (flag == "--malformed-every") {
        o.malformed_every = to_i64(flag, value());
      } else if (flag == "--stall") {
        o.stalls.push_back(to_stall(value()));
      } else if (flag == "--rest-outage") {
        o.rest_outage = to_window(flag, value());
      } else if (flag == "--ws-outage") {
        o.ws_outage = to_window(flag, value());
      } else if (flag == "--account-stall") {
        o.account_stall = to_window(flag, value());
      } else if (flag == "--session-max-age") {
        o.session_max_age_ms = to_i64(flag, value());
        if (*o.session_max_age_ms < 1)
          throw bad_value{"--session-max-age must be >= 1"};
      } else if (flag == "--partial-fill-fraction") {
        o.partial_fill_fraction = to_fraction(flag, value());
      } else {
        throw bad_value{"unknown option '" + flag + "' (see --help)"};
      }
    }
  } catch (const bad_value& b) {
    return b.message;
  }
  return o;
}

std::variant<sim_cfg, std::string> build_config(const cli_options& o) {
  sim_cfg cfg = default_config();
  if (o.config_file) {
    auto r = load_config_file(*o.config_file);
    if (auto* e = std::get_if<std::string>(&r)) return *e;
    cfg = std::get<sim_cfg>(std::move(r));
  }
  if (o.speed) cfg.speed = *o.speed;
  if (o.seed) cfg.seed = *o.seed;
  if (o.fill_model)
    cfg.fills =
        *o.fill_model == "queue" ? fill_model::queue : fill_model::through;
  if (o.max_batch) cfg.max_ws_batch = *o.max_batch;
  if (o.market_data_every_ms)
    cfg.market_data_every_ms = *o.market_data_every_ms;
  auto& f = cfg.faults;
  if (o.drop_ws_every_ms) f.ws_drop_every_ms = *o.drop_ws_every_ms;
  if (o.delay_fraction) f.delay_fraction = *o.delay_fraction;
  if (o.delay_ms) f.delay_ms = *o.delay_ms;
  if (o.reorder_fraction) f.reorder_fraction = *o.reorder_fraction;
  if (o.reject_fraction) f.reject_fraction = *o.reject_fraction;
  if (o.reject_code) f.reject_code = *o.reject_code;
  if (o.nonce_desync_every) f.nonce_desync_every = *o.nonce_desync_every;
  if (o.malformed_every) f.malformed_every = *o.malformed_every;
  for (const auto& s : o.stalls)
    f.stalls.push_back(s);
  if (o.rest_outage)
    std::tie(f.rest_outage_every_ms, f.rest_outage_ms) = *o.rest_outage;
  if (o.ws_outage)
    std::tie(f.ws_outage_every_ms, f.ws_outage_ms) = *o.ws_outage;
  if (o.account_stall)
    std::tie(f.account_stall_every_ms, f.account_stall_ms) = *o.account_stall;
  if (o.session_max_age_ms) f.session_max_age_ms = *o.session_max_age_ms;
  if (o.partial_fill_fraction)
    f.partial_fill_fraction = *o.partial_fill_fraction;
  if (o.data_file) {
    market_cfg* m = nullptr;
    if (o.data_market) {
      m = cfg.market(*o.data_market);
      if (!m)
        return "--data-market " + std::to_string(*o.data_market) +
               " is not a configured market";
    } else {
      // The last path component names the symbol (e.g. ..._ETHUSDT_...).
      auto slash = o.data_file->find_last_of('/');
      const auto name =
          lower(slash == std::string::npos ? *o.data_file
                                           : o.data_file->substr(slash + 1));
      for (auto& mc : cfg.markets)
        if (!m && name.find(lower(mc.symbol)) != std::string::npos) m = &mc;
      if (!m && !cfg.markets.empty()) m = &cfg.markets.front();
      if (!m) return std::string("--data needs a market");
    }
    // The header line says the kind (marketdata's formats).
    marketdata::csv_cursor csv(*o.data_file);
    const auto kind =
        csv.read_header({marketdata::candle_header, marketdata::trade_header});
    if (!kind) return csv.error()->to_string();
    m->path.source = *kind == 0 ? path_source::candles : path_source::trades;
    m->path.file = *o.data_file;
  }
  for (const auto& k : o.register_keys)
    if (auto e = add_register_key(cfg, k)) return *e;
  return cfg;
}

} // namespace trailgrid::sim
