// The one TU of notify_test that defines main() (CAF test runner).
#define CAF_TEST_NO_MAIN_SUITE
#include "caf/test/unit_test_impl.hpp"
