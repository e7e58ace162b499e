// TOML through both config parsers (toml11): gridbot's and lighter-sim's.
// Errors are values; nothing may throw or crash.

#include "runtime/config.hpp"
#include "tools/lighter-sim/sim_config.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace trailgrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // A name without a folder: a relative profile path resolves to the
  // working directory, where no such file exists.
  (void)runtime::parse_config(text, "fuzz.toml");
  (void)sim::parse_config(text, "fuzz-sim.toml");
  return 0;
}
