#include "runtime/malloc_arenas.hpp"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace trailgrid::runtime {

void limit_malloc_arenas(int max_arenas) {
#if defined(__GLIBC__)
  if (const char* env = std::getenv("MALLOC_ARENA_MAX"); env && *env) return;
  ::mallopt(M_ARENA_MAX, max_arenas);
#else
  (void)max_arenas;
#endif
}

} // namespace trailgrid::runtime
