#define CAF_SUITE logging
#include "caf/test/unit_test.hpp"

#include "runtime/logging.hpp"
#include "temp_dir.hpp"

#include <spdlog/logger.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>

using namespace trailgrid::runtime;
using trailgrid::test::slurp;
using trailgrid::test::temp_dir;

namespace {

std::tm day(int year, int month, int mday) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = mday;
  return t;
}

// Sets logging up in `dir` with no console; undone on destruction so other
// suites keep spdlog's plain default logger.
struct scoped_logging {
  logging_handle handle;
  explicit scoped_logging(const temp_dir& dir) {
    logging_options opt;
    opt.log_dir = dir.file("logs");
    opt.console = false;
    auto h = setup_logging(opt);
    if (!h) CAF_FAIL("setup failed: " << h.error());
    handle = std::move(h.value());
  }
  ~scoped_logging() {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("null"));
    handle = {};
  }
  std::string today_file() const {
    auto now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    return daily_log_name(handle.base_path, local);
  }
};

} // namespace

CAF_TEST(daily log files are named with the date and no dashes) {
  CAF_CHECK_EQUAL(daily_log_name("logs/gridbot.log", day(2025, 1, 2)),
                  "logs/gridbot_20250102.log");
  CAF_CHECK_EQUAL(daily_log_name("gridbot.log", day(2024, 12, 31)),
                  "gridbot_20241231.log");
  CAF_CHECK_EQUAL(daily_log_name("var/log/gridbot", day(2030, 7, 9)),
                  "var/log/gridbot_20300709");
  CAF_CHECK_EQUAL(compact_daily_filename::calc_filename("logs/gridbot.log",
                                                        day(2025, 11, 24)),
                  "logs/gridbot_20251124.log");
}

CAF_TEST(the file gets debug lines with time level and component) {
  temp_dir dir;
  scoped_logging logs{dir};
  auto path = logs.today_file();
  CAF_CHECK_EQUAL(std::filesystem::path{path}.parent_path(),
                  dir.path() / "logs");
  spdlog::debug("decided something");
  spdlog::default_logger()
      ->clone("BTC/grid")
      ->info("reset #412: centre "
             "98,500.0");
  spdlog::default_logger()->flush();
  auto text = slurp(path);
  CAF_CHECK_NOT_EQUAL(text.find(" debug gridbot decided something\n"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(text.find(" info BTC/grid reset #412: centre "
                                "98,500.0\n"),
                      std::string::npos);
  // "YYYY-MM-DD HH:MM:SS.mmm " leads every line.
  CAF_REQUIRE_GREATER(text.size(), 24u);
  CAF_CHECK_EQUAL(text[4], '-');
  CAF_CHECK_EQUAL(text[10], ' ');
  CAF_CHECK_EQUAL(text[19], '.');
}

CAF_TEST(registered secrets never reach a log line) {
  temp_dir dir;
  scoped_logging logs{dir};
  trailgrid::runtime::secret key{"0xdeadbeefcafef00d1234"};
  CAF_CHECK(never_log(logs.handle, key));
  CAF_CHECK(!never_log(logs.handle, trailgrid::runtime::secret{"short"}));
  spdlog::warn("exchange said: bad key 0xdeadbeefcafef00d1234 for account 7");
  spdlog::default_logger()->flush();
  auto text = slurp(logs.today_file());
  CAF_CHECK_EQUAL(text.find("deadbeef"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(text.find("bad key [redacted] for account 7"),
                      std::string::npos);
  CAF_CHECK_EQUAL(redacted(key), "[secret, 22 chars]");
  CAF_CHECK_EQUAL(logs.handle.filter->scrub("a0xdeadbeefcafef00d1234b"),
                  "a[redacted]b");
}

// Guards against a key echoed in another spelling (an exchange error that
// drops the 0x or upper-cases the hex) slipping past the exact match.
CAF_TEST(secrets are redacted with or without 0x and in any case) {
  temp_dir dir;
  scoped_logging logs{dir};
  CAF_CHECK(never_log(logs.handle,
                      trailgrid::runtime::secret{"0xDeadBeefCafeF00d1234"}));
  auto& f = *logs.handle.filter;
  CAF_CHECK_EQUAL(f.scrub("k=deadbeefcafef00d1234."), "k=[redacted].");
  CAF_CHECK_EQUAL(f.scrub("k=0XDEADBEEFCAFEF00D1234 and "
                          "0xdeadbeefcafef00d1234"),
                  "k=[redacted] and [redacted]");
  CAF_CHECK_EQUAL(f.scrub("no secret here"), "no secret here");
}
