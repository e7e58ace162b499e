// gridbot read-only-token: asks the exchange for a read-only token of the
// configured account, signed for by the configured API key. A node that
// holds no key (a market node, a monitoring host) reads the account's
// orders, positions and trades with it (LIGHTER_READ_ONLY_TOKEN).

#include "runtime/commands.hpp"
#include "runtime/config.hpp"
#include "runtime/exchange_services.hpp"
#include "runtime/secret.hpp"

#include "lighter/client/rest_api.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/tx/signer.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace trailgrid::runtime {

namespace {

std::string token_usage() {
  return "Usage: gridbot read-only-token --config FILE [--rest-url URL]\n"
         "                               [--days N] [--all-accounts]\n"
         "\n"
         "Creates a read-only token of the config's account (POST\n"
         "tokens/create, authorised by LIGHTER_PRIVATE_KEY for the config's\n"
         "api_key_index) and prints it as LIGHTER_READ_ONLY_TOKEN=ro:...\n"
         "A node without a signing key reads the account with it (orders,\n"
         "positions, trades: gridctl and /metrics show them); it cannot\n"
         "sign. --days: lifetime, 1..3650 (default 365). --all-accounts:\n"
         "the account's sub-accounts too. The exchange keeps at most 10 per\n"
         "account. Keep it like a password: a .env file of mode 600.\n";
}

int64_t unix_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace

int cmd_read_only_token(const std::vector<std::string_view>& args) {
  std::string path;
  std::string rest_url;
  int64_t days = 365;
  bool all_accounts = false;
  const char* me = "gridbot read-only-token";
  for (size_t i = 0; i < args.size(); ++i) {
    auto a = args[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s", token_usage().c_str());
      return exit_ok;
    }
    if (a == "--all-accounts") {
      all_accounts = true;
      continue;
    }
    if ((a == "--config" || a == "--rest-url" || a == "--days") &&
        i + 1 < args.size()) {
      std::string v{args[++i]};
      if (a == "--days") {
        char* end = nullptr;
        days = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || days < 1 || days > 3650) {
          std::fprintf(stderr, "%s: --days takes 1..3650, got '%s'\n", me,
                       v.c_str());
          return exit_usage;
        }
      } else {
        (a == "--config" ? path : rest_url) = v;
      }
      continue;
    }
    std::fprintf(stderr, "%s: unknown argument '%s'\n\n%s", me,
                 std::string{a}.c_str(), token_usage().c_str());
    return exit_usage;
  }
  if (path.empty()) {
    std::fprintf(stderr, "%s: --config FILE is required\n\n%s", me,
                 token_usage().c_str());
    return exit_usage;
  }
  auto loaded = load_config(path);
  if (!loaded) {
    std::fprintf(stderr, "%s", loaded.error().to_string().c_str());
    return exit_failure;
  }
  auto cfg = loaded.value();
  if (!rest_url.empty()) cfg.exchange.rest_url = rest_url;
  const auto& ex = cfg.exchange;
  if (!ex.account_index || !ex.api_key_index) {
    std::fprintf(stderr,
                 "%s: [exchange] account_index and api_key_index are "
                 "required (the key that signs for the token)\n",
                 me);
    return exit_failure;
  }
  auto sec = load_secrets(path);
  if (!sec) {
    std::fprintf(stderr, "%s: %s\n", me, sec.error().c_str());
    return exit_failure;
  }
  auto& key = sec.value().lighter_private_key;
  if (!key) {
    std::fprintf(stderr,
                 "%s: LIGHTER_PRIVATE_KEY is not set (environment or "
                 ".env)\n",
                 me);
    return exit_failure;
  }
  auto signer = lighter::signer::from_private_key_hex(key->reveal());
  if (!signer) {
    std::fprintf(stderr, "%s: LIGHTER_PRIVATE_KEY is not a valid key\n", me);
    return exit_failure;
  }
  // A short-lived auth token proves the key; the read-only token outlives it.
  auto auth = signer.value().auth_token(*ex.account_index,
                                        static_cast<uint8_t>(*ex.api_key_index),
                                        unix_s() + 600);
  if (!auth) {
    std::fprintf(stderr, "%s: cannot sign an auth token: %s\n", me,
                 auth.error().message.c_str());
    return exit_failure;
  }
  lighter::net::io_runner runner{"gridbot-token"};
  auto rest = make_rest(runner, ex, make_rest_gate(runner, ex));
  if (!rest) {
    std::fprintf(stderr, "%s: %s\n", me, rest.error().c_str());
    runner.stop();
    return exit_failure;
  }
  const int64_t expiry = unix_s() + days * 86'400;
  auto token =
      rest.value()->create_read_only_token(all_accounts, expiry, auth.value());
  runner.stop();
  if (!token) {
    std::fprintf(stderr, "%s: the exchange refused: %s\n", me,
                 token.error().message.c_str());
    return exit_failure;
  }
  std::printf("LIGHTER_READ_ONLY_TOKEN=%s\n", token.value().c_str());
  std::printf("# account %lld (%s), valid %lld days; for nodes without a "
              "key: put it in their .env (mode 600)\n",
              static_cast<long long>(*ex.account_index),
              all_accounts ? "and its sub-accounts" : "alone",
              static_cast<long long>(days));
  return exit_ok;
}

} // namespace trailgrid::runtime
