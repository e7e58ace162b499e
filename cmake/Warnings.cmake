# Compiler warnings for our own targets. Third-party headers come in as SYSTEM
# includes through imported targets, so they do not add noise.
option(TRAILGRID_WERROR "Treat warnings as errors" OFF)

add_library(trailgrid_warnings INTERFACE)
target_compile_options(trailgrid_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
  -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${TRAILGRID_WERROR}>:-Werror>)
