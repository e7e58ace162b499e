// gridbot check: read-only pre-flight of a config against its exchange.

#include "runtime/commands.hpp"
#include "runtime/exchange_services.hpp"
#include "runtime/key_pool.hpp"
#include "runtime/preflight.hpp"
#include "runtime/secret.hpp"

#include "lighter/client/rest_api.hpp"
#include "lighter/codec/rest_encoder.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/unix_time.hpp"
#include "lighter/tx/signer.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

namespace trailgrid::runtime {

namespace {

std::string check_usage() {
  return "Usage: gridbot check --config FILE [--rest-url URL]\n"
         "\n"
         "Read-only pre-flight against the config's exchange, one line per\n"
         "check (PASS / FAIL and the fix): exchange reachable and running,\n"
         "clock skew, account, API keys (not reserved 0..3, registered with\n"
         "LIGHTER_PRIVATE_KEY's public key), markets active with their\n"
         "tick/lot/minimums, smallest level above the minimums, collateral\n"
         "for every grid at its leverage, sendTx quota. Sends nothing.\n"
         "`gridbot run` runs the same checks before it quotes (live only).\n"
         "Exit 0 when every check passes, 1 when one fails, 2 on a bad\n"
         "command line.\n";
}

// Asks again (up to three times, a second apart) while the failure is one
// that passes by itself: no connection, a 5xx, a rate limit.
template <class Call>
auto with_retries(Call call) {
  auto r = call();
  for (int i = 0; i < 2 && !r; ++i) {
    const auto& e = r.error();
    const bool passing = e.kind == lighter::rest_failure::transport ||
                         e.kind == lighter::rest_failure::throttled ||
                         e.http_status >= 500 ||
                         e.cls == lighter::error_class::retry_later;
    if (!passing) break;
    std::this_thread::sleep_for(std::chrono::seconds(1));
    r = call();
  }
  return r;
}

} // namespace

std::map<int, std::string> our_public_keys(const config& cfg,
                                           const std::string& config_path) {
  std::map<int, std::string> out;
  auto pub = [](const secret& s) -> std::optional<std::string> {
    auto sig = lighter::signer::from_private_key_hex(s.reveal());
    if (!sig) return std::nullopt;
    return sig.value().public_key();
  };
  const auto& ex = cfg.exchange;
  if (!ex.api_key_indices.empty()) {
    if (auto pool = load_key_pool(ex, config_path))
      for (auto& [index, key] : pool.value())
        if (auto p = pub(key)) out[index] = *p;
    return out;
  }
  if (!ex.api_key_index) return out;
  if (auto sec = load_secrets(config_path))
    if (auto& key = sec.value().lighter_private_key)
      if (auto p = pub(*key)) out[*ex.api_key_index] = *p;
  return out;
}

preflight_facts gather_preflight(lighter::net::io_runner& runner,
                                 const config& cfg,
                                 std::map<int, std::string> our_keys,
                                 std::shared_ptr<lighter::rest_gate> gate) {
  preflight_facts f;
  f.our_keys = std::move(our_keys);
  if (!gate) gate = make_rest_gate(runner, cfg.exchange);
  auto rest = make_rest(runner, cfg.exchange, std::move(gate));
  if (!rest) {
    f.status_error = f.markets_error = f.account_error = f.keys_error =
        rest.error();
    return f;
  }
  auto& api = *rest.value();
  if (auto s = with_retries([&] { return api.exchange_status(); })) {
    f.status = s.value();
    f.local_ms = lighter::net::unix_ms();
  } else {
    f.status_error = s.error().message;
  }
  if (auto m = with_retries([&] { return api.order_book_details(); }))
    f.markets = m.value();
  else
    f.markets_error = m.error().message;
  const auto& ex = cfg.exchange;
  if (ex.account_index) {
    if (auto a = with_retries([&] { return api.account_info(); }))
      f.account = a.value();
    else
      f.account_error = a.error().message;
    const auto keys_target =
        lighter::rest_target::api_keys(*ex.account_index, 255);
    auto body = with_retries([&] { return api.raw_get(keys_target); });
    if (!body) {
      f.keys_error = body.error().message;
    } else {
      auto j = nlohmann::json::parse(body.value(), nullptr, false);
      if (j.is_discarded() || !j.contains("api_keys") ||
          !j["api_keys"].is_array()) {
        f.keys_error = "malformed apikeys answer";
      } else {
        for (auto& k : j["api_keys"]) {
          if (!k.contains("api_key_index") || !k.contains("public_key"))
            continue;
          auto pk = k["public_key"].is_string()
                        ? k["public_key"].get<std::string>()
                        : std::string{};
          if (pk.rfind("0x", 0) == 0) pk = pk.substr(2);
          f.registered_keys[k["api_key_index"].get<int>()] = pk;
        }
      }
    }
  } else {
    f.account_error = "no account_index";
  }
  for (auto& m : cfg.markets)
    for (auto& info : f.markets)
      if (info.symbol == m.symbol) {
        auto book = with_retries(
            [&] { return api.order_book_orders(info.market_id, 1); });
        if (!book) continue;
        strategy::price_ticks bid{0};
        strategy::price_ticks ask{0};
        if (!book.value().bids.empty()) bid = book.value().bids.front().price;
        if (!book.value().asks.empty()) ask = book.value().asks.front().price;
        f.books[info.market_id] = {bid, ask};
      }
  return f;
}

int cmd_check(const std::vector<std::string_view>& args) {
  std::string path;
  std::string rest_url;
  for (size_t i = 0; i < args.size(); ++i) {
    auto a = args[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s", check_usage().c_str());
      return exit_ok;
    }
    if ((a == "--config" || a == "--rest-url") && i + 1 < args.size()) {
      (a == "--config" ? path : rest_url) = std::string{args[++i]};
      continue;
    }
    std::fprintf(stderr, "gridbot check: unknown argument '%s'\n\n%s",
                 std::string{a}.c_str(), check_usage().c_str());
    return exit_usage;
  }
  if (path.empty()) {
    std::fprintf(stderr, "gridbot check: --config FILE is required\n\n%s",
                 check_usage().c_str());
    return exit_usage;
  }
  auto loaded = load_config(path);
  if (!loaded) {
    std::fprintf(stderr, "FAIL  config: %s\n",
                 loaded.error().to_string().c_str());
    return exit_failure;
  }
  auto cfg = loaded.value();
  if (!rest_url.empty()) cfg.exchange.rest_url = rest_url;
  std::printf("PASS  config: %s loads (%zu market%s)\n", path.c_str(),
              cfg.markets.size(), cfg.markets.size() == 1 ? "" : "s");
  for (auto& w : cfg.warnings)
    std::printf("WARN  config: %s\n", w.to_string().c_str());
  lighter::net::io_runner runner{"gridbot-check"};
  auto facts = gather_preflight(runner, cfg, our_public_keys(cfg, path));
  auto lines = evaluate_preflight(cfg, facts);
  for (auto& l : lines)
    std::printf("%s\n", to_string(l).c_str());
  const bool ok = all_passed(lines);
  std::printf("%s\n", ok ? "every check passed" : "some checks failed");
  std::fflush(stdout);
  runner.stop();
  return ok ? exit_ok : exit_failure;
}

} // namespace trailgrid::runtime
