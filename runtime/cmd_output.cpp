#include "runtime/commands.hpp"

#include <cstdio>
#include <fstream>

namespace trailgrid::runtime {

bool write_output(const std::string& path, const std::string& text,
                  std::string_view prefix) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "%.*s: cannot write %s\n",
                 static_cast<int>(prefix.size()), prefix.data(), path.c_str());
    return false;
  }
  return true;
}

} // namespace trailgrid::runtime
