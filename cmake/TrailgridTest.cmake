# trailgrid_add_test(<name> SOURCES ... LIBS ...)
# Builds one CAF-test-framework binary and registers it with CTest. Exactly one
# source file of each binary includes caf/test/unit_test_impl.hpp (main).
function(trailgrid_add_test name)
  cmake_parse_arguments(arg "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  if(TRAILGRID_SANITIZE)
    # Sanitized binaries run several times slower (tools/test-sanitized).
    math(EXPR arg_TIMEOUT "${arg_TIMEOUT} * 4")
  endif()
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LIBS} CAF::core trailgrid_warnings)
  set_target_properties(${name} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    TRAILGRID_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${name} -n -r ${arg_TIMEOUT})
  # CAF's runner prints "failed tests:" on failure and exits 1; keep the exit
  # code meaningful (no PASS_REGULAR_EXPRESSION).
  set_tests_properties(${name} PROPERTIES
    FAIL_REGULAR_EXPRESSION "failed tests:"
    TIMEOUT ${arg_TIMEOUT}
    LABELS "${arg_LABELS}")
endfunction()
