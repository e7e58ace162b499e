#pragma once

namespace trailgrid::runtime {

/// glibc gives each thread that allocates under contention an arena of its
/// own (up to 8 per core). The node's threads (CAF workers, io threads, the
/// middleman) allocate in bursts and free on other threads, so each arena
/// keeps its own high-water mark: at 25 markets on the standard quota the
/// resident set was about twice the live heap. Caps the arenas at
/// `max_arenas` unless MALLOC_ARENA_MAX says otherwise; call it before any
/// thread starts. Does nothing on other C libraries.
void limit_malloc_arenas(int max_arenas);

} // namespace trailgrid::runtime
