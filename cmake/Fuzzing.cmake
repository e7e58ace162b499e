# TRAILGRID_FUZZ: builds the libFuzzer targets of tests/fuzz. Needs clang
# (Debian 12: clang-14 plus libclang-rt-14-dev, which ships libFuzzer and the
# sanitizer runtimes; tools/fuzz/install-deps installs them). Every target of
# the build gets coverage instrumentation plus ASan and UBSan, so configure it
# in its own folder (tools/fuzz/run.sh uses build-fuzz/); the default build is
# unchanged.
option(TRAILGRID_FUZZ "Build the libFuzzer targets (clang only)" OFF)

if(TRAILGRID_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TRAILGRID_FUZZ needs clang (CXX=clang++-14); "
                        "the compiler is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  # Coverage is collected in our own code only (see the list's comment).
  set(coverage_ignorelist
      ${PROJECT_SOURCE_DIR}/tests/fuzz/coverage-ignorelist.txt)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fsanitize-coverage-ignorelist=${coverage_ignorelist}
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g
                      -Wno-unknown-warning-option)
  add_link_options(-fsanitize=address,undefined)
  # Small read blocks in the market-data readers (marketdata/byte_source.hpp).
  add_compile_definitions(TRAILGRID_MARKETDATA_BLOCK_BYTES=256)
endif()

# trailgrid_add_fuzzer(<name> SOURCES ... LIBS ...)
# One libFuzzer binary (output build-fuzz/fuzz/<name>).
function(trailgrid_add_fuzzer name)
  cmake_parse_arguments(arg "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LIBS} trailgrid_warnings)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
endfunction()
