// gridbot keygen: a throwaway API key pair for demos and the simulator.

#include "runtime/commands.hpp"
#include "runtime/node_services.hpp"

#include "lighter/tx/signer.hpp"

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
  return exit_ok;
}

} // namespace trailgrid::runtime
