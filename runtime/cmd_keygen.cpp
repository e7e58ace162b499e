// gridbot keygen: a throwaway API key pair for demos and the simulator.

#include "runtime/commands.hpp"
#include "runtime/node_services.hpp"

#include "lighter/codec/exchange_limits.hpp"
#include "lighter/tx/signer.hpp"
#include "lighter/tx/tx_validate.hpp"

#include <cstdio>
#include <string>

namespace trailgrid::runtime {

int cmd_keygen(const std::vector<std::string_view>& args) {
  for (auto a : args)
    if (a == "-h" || a == "--help") {
      std::printf(
          "usage: gridbot keygen\n\n"
          "Prints a fresh random API key pair as shell assignments:\n"
          "  LIGHTER_PRIVATE_KEY=<80 hex>\n  LIGHTER_PUBLIC_KEY=<80 hex>\n"
          "then comment lines saying where to register the public key (an\n"
          "API key index of 4..254: 0..3 belong to the exchange's apps).\n"
          "For demos and lighter-sim only: the private key is printed, so\n"
          "never fund an account with it.\n");
      return exit_ok;
    } else {
      std::fprintf(stderr, "gridbot keygen: unknown option '%.*s'\n",
                   static_cast<int>(a.size()), a.data());
      return exit_usage;
    }
  auto hex = random_private_key_hex();
  auto s = lighter::signer::from_private_key_hex(hex);
  if (!s) {
    std::fprintf(stderr, "gridbot keygen: could not derive the public key\n");
    return exit_failure;
  }
  std::printf("LIGHTER_PRIVATE_KEY=%s\nLIGHTER_PUBLIC_KEY=%s\n", hex.c_str(),
              s.value().public_key().c_str());
  // Comments, so the output stays `eval`-able.
  std::printf(
      "# Register LIGHTER_PUBLIC_KEY at an API key index of %lld..%lld\n"
      "# (0..%lld belong to the exchange's web and mobile apps) and set\n"
      "# [exchange] api_key_index to it; lighter-sim: --register-key\n"
      "# \"$LIGHTER_PUBLIC_KEY:<account>:%lld\".\n",
      static_cast<long long>(lighter::limits::first_bot_api_key_index),
      static_cast<long long>(lighter::limits::max_api_key_index),
      static_cast<long long>(lighter::limits::last_reserved_api_key_index),
      static_cast<long long>(lighter::limits::first_bot_api_key_index));
  return exit_ok;
}

} // namespace trailgrid::runtime
