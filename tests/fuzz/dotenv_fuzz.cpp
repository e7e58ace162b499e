// .env text (where secrets come from).

#include "runtime/dotenv.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)trailgrid::runtime::parse_dotenv(text, ".env");
  return 0;
}
