# TRAILGRID_SANITIZE: a -fsanitize= list applied to every target of the build
# (our libraries, tests and tools), e.g. "address,undefined" or "thread".
# Used by tools/test-sanitized in its own build folder; the default build
# leaves it empty. Third-party libraries (CAF, Boost.System, capnp, ...) are
# Debian's, uninstrumented: ASan/UBSan still catch our bugs, TSan cannot see
# synchronisation inside them.
set(TRAILGRID_SANITIZE "" CACHE STRING
    "Sanitizers for every target (-fsanitize= list), empty for none")

if(TRAILGRID_SANITIZE)
  add_compile_options(-fsanitize=${TRAILGRID_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${TRAILGRID_SANITIZE})
  if(TRAILGRID_SANITIZE MATCHES "undefined")
    # Any undefined behaviour fails the test that hit it. Except the vptr
    # check: CAF 0.17's intrusive mailbox queues treat their list head as a
    # node (task_queue::promote casts it to mailbox_element), and that code
    # is compiled into ours from CAF's headers whenever an actor asks for
    # its mailbox size; GCC has no ignore list to exempt CAF's headers.
    add_compile_options(-fno-sanitize-recover=undefined -fno-sanitize=vptr)
  endif()
endif()
