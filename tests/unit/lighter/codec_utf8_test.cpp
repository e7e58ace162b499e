#define CAF_SUITE codec_utf8
#include "caf/test/unit_test.hpp"

#include "lighter/codec/text_encoding.hpp"

#include <string>

using trailgrid::lighter::find_utf8_fault;

namespace {

// The offset of the first fault, or -1 when `text` is valid.
long fault_at(std::string_view text) {
  auto f = find_utf8_fault(text);
  return f ? static_cast<long>(f->offset) : -1;
}

} // namespace

CAF_TEST(ascii and well formed multi byte text are valid) {
  CAF_CHECK_EQUAL(fault_at(""), -1);
  CAF_CHECK_EQUAL(fault_at("levels = 5\n"), -1);
  CAF_CHECK_EQUAL(fault_at("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x88"), -1);
  CAF_CHECK_EQUAL(fault_at("\xf4\x8f\xbf\xbf"), -1); // U+10FFFF
}

CAF_TEST(the fault names the first byte of a bad sequence) {
  CAF_CHECK_EQUAL(fault_at("ab\xff"), 2);
  CAF_CHECK_EQUAL(fault_at("a\x80"), 1);     // a stray continuation byte
  CAF_CHECK_EQUAL(fault_at("x\xc3"), 1);     // cut short
  CAF_CHECK_EQUAL(fault_at("x\xe2\x82"), 1); // cut short
  CAF_CHECK_EQUAL(fault_at("\xc3\x28"), 0);  // a bad continuation byte
}

CAF_TEST(overlong forms surrogates and code points past the last are faults) {
  CAF_CHECK_EQUAL(fault_at("\xc0\xaf"), 0);         // overlong '/'
  CAF_CHECK_EQUAL(fault_at("\xe0\x80\xaf"), 0);     // overlong
  CAF_CHECK_EQUAL(fault_at("\xf0\x80\x80\xaf"), 0); // overlong
  CAF_CHECK_EQUAL(fault_at("\xed\xa0\x80"), 0);     // U+D800
  CAF_CHECK_EQUAL(fault_at("\xf4\x90\x80\x80"), 0); // U+110000
  CAF_CHECK_EQUAL(fault_at("\xf5\x80\x80\x80"), 0);
}

CAF_TEST(a fault says its line column and byte) {
  auto f = find_utf8_fault("a = 1\n\xc3\xa9t\xc3\xa9 = \"\xe9\"\n");
  CAF_REQUIRE(f);
  CAF_CHECK_EQUAL(f->line, 2);
  CAF_CHECK_EQUAL(f->column, 10); // in bytes: "été" is five
  CAF_CHECK_EQUAL(f->to_string(), "not valid UTF-8 at column 10 (byte 0xE9)");
}
