// gridbot keygen: throwaway API key pairs for demos and the simulator.

#include "runtime/commands.hpp"
#include "runtime/exchange_services.hpp"

#include "lighter/codec/exchange_limits.hpp"
#include "lighter/tx/signer.hpp"
#include "lighter/tx/tx_validate.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace trailgrid::runtime {

namespace {

// "4,5,6" -> {4, 5, 6}; nothing when malformed, out of 0..254 or repeated.
std::optional<std::vector<int>> parse_indices(std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    if (part.empty() || part.size() > 3) return std::nullopt;
    int v = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v > 254) return std::nullopt;
    for (int seen : out)
      if (seen == v) return std::nullopt;
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

} // namespace

int cmd_keygen(const std::vector<std::string_view>& args) {
  std::optional<std::vector<int>> indices;
  for (size_t i = 0; i < args.size(); ++i) {
    auto a = args[i];
    if (a == "-h" || a == "--help") {
      std::printf(
          "usage: gridbot keygen [--indices 4,5,6,7]\n\n"
          "Prints a fresh random API key pair as shell assignments:\n"
          "  LIGHTER_PRIVATE_KEY=<80 hex>\n  LIGHTER_PUBLIC_KEY=<80 hex>\n"
          "With --indices, one pair per API key index of a key pool\n"
          "([exchange] api_key_indices):\n"
          "  LIGHTER_PRIVATE_KEY_<index>=<80 hex>\n"
          "  LIGHTER_PUBLIC_KEY_<index>=<80 hex>\n"
          "then comment lines saying where to register the public key (an\n"
          "API key index of 4..254: 0..3 belong to the exchange's apps).\n"
          "For demos and lighter-sim only: the private key is printed, so\n"
          "never fund an account with it.\n");
      return exit_ok;
    } else if (a == "--indices" && i + 1 < args.size()) {
      indices = parse_indices(args[++i]);
      if (!indices) {
        std::fprintf(stderr, "gridbot keygen: --indices takes distinct API "
                             "key indices in 0..254, e.g. 4,5,6,7\n");
        return exit_usage;
      }
    } else {
      std::fprintf(stderr, "gridbot keygen: unknown option '%.*s'\n",
                   static_cast<int>(a.size()), a.data());
      return exit_usage;
    }
  }
  // One unnamed pair, or one pair per index ("_4" suffixes).
  std::vector<std::string> suffixes;
  if (!indices)
    suffixes.emplace_back();
  else
    for (int index : *indices)
      suffixes.push_back("_" + std::to_string(index));
  for (const auto& suffix : suffixes) {
    auto hex = random_private_key_hex();
    auto s = lighter::signer::from_private_key_hex(hex);
    if (!s) {
      std::fprintf(stderr, "gridbot keygen: could not derive the public key\n");
      return exit_failure;
    }
    std::printf("LIGHTER_PRIVATE_KEY%s=%s\nLIGHTER_PUBLIC_KEY%s=%s\n",
                suffix.c_str(), hex.c_str(), suffix.c_str(),
                s.value().public_key().c_str());
  }
  // Comments, so the output stays `eval`-able.
  std::printf(
      "# Register each LIGHTER_PUBLIC_KEY at an API key index of %lld..%lld\n"
      "# (0..%lld belong to the exchange's web and mobile apps) and set\n"
      "# [exchange] api_key_index (or api_key_indices) to it; lighter-sim:\n"
      "# --register-key \"$LIGHTER_PUBLIC_KEY:<account>:%lld\".\n",
      static_cast<long long>(lighter::limits::first_bot_api_key_index),
      static_cast<long long>(lighter::limits::max_api_key_index),
      static_cast<long long>(lighter::limits::last_reserved_api_key_index),
      static_cast<long long>(lighter::limits::first_bot_api_key_index));
  return exit_ok;
}

} // namespace trailgrid::runtime
