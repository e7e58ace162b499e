#define CAF_SUITE admin_token
#include "caf/test/unit_test.hpp"

#include "runtime/admin/admin_token.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace trailgrid::runtime;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    path = fs::temp_directory_path() /
           ("tg-token-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::optional<std::string> no_env(const char*) {
  return std::nullopt;
}

} // namespace

CAF_TEST(token comparison accepts only the exact token) {
  CAF_CHECK(token_matches("abcdefabcdefabcdef", "abcdefabcdefabcdef"));
  CAF_CHECK(!token_matches("abcdefabcdefabcdef", "abcdefabcdefabcdeF"));
  CAF_CHECK(!token_matches("abcdefabcdefabcdef", "abcdefabcdefabcde"));
  CAF_CHECK(!token_matches("abcdefabcdefabcdef", "abcdefabcdefabcdefa"));
  CAF_CHECK(!token_matches("abcdefabcdefabcdef", ""));
  CAF_CHECK(!token_matches("", ""));
}

CAF_TEST(metrics answer only a bearer header with the exact token) {
  const std::string t = "abcdefabcdefabcdef";
  CAF_CHECK(bearer_matches(t, std::string_view{"Bearer abcdefabcdefabcdef"}));
  CAF_CHECK(bearer_matches(t, std::string_view{"bearer  abcdefabcdefabcdef"}));
  CAF_CHECK(!bearer_matches(t, std::nullopt));
  CAF_CHECK(!bearer_matches(t, std::string_view{"abcdefabcdefabcdef"}));
  CAF_CHECK(!bearer_matches(t, std::string_view{"Basic abcdefabcdefabcdef"}));
  CAF_CHECK(!bearer_matches(t, std::string_view{"Bearer abcdefabcdefabcdeF"}));
  CAF_CHECK(!bearer_matches(t, std::string_view{"Bearer "}));
}

CAF_TEST(the metrics token ignores the admin token variable) {
  temp_dir d;
  auto file = (d.path / "metrics.token").string();
  ::setenv(admin_token_env, "0123456789abcdef0123", 1);
  auto t = load_metrics_token(file);
  ::unsetenv(admin_token_env);
  CAF_REQUIRE(t.ok());
  CAF_CHECK_EQUAL(t.value().source, file);
  CAF_CHECK_NOT_EQUAL(t.value().value, "0123456789abcdef0123");
}

CAF_TEST(the node creates a token file with mode 0600 on first run) {
  temp_dir d;
  auto file = (d.path / "sub" / "admin.token").string();
  auto t = load_admin_token(file, true, no_env);
  CAF_REQUIRE(t.ok());
  CAF_CHECK_EQUAL(t.value().value.size(), 64u);
  CAF_CHECK_EQUAL(t.value().source, file);
  struct stat st {};
  CAF_REQUIRE(::stat(file.c_str(), &st) == 0);
  CAF_CHECK_EQUAL(st.st_mode & 0777, 0600u);
  // The second run and gridctl read the same token.
  auto again = load_admin_token(file, false, no_env);
  CAF_REQUIRE(again.ok());
  CAF_CHECK_EQUAL(again.value().value, t.value().value);
}

CAF_TEST(gridctl does not create a missing token file) {
  temp_dir d;
  auto file = (d.path / "admin.token").string();
  auto t = load_admin_token(file, false, no_env);
  CAF_REQUIRE(!t.ok());
  CAF_CHECK_EQUAL(t.error(), "admin token file " + file +
                                 " does not exist (start the node once to "
                                 "create it, or set $TRAILGRID_ADMIN_TOKEN)");
  CAF_CHECK(!fs::exists(file));
}

CAF_TEST(a token file readable by others is refused) {
  temp_dir d;
  auto file = (d.path / "admin.token").string();
  std::ofstream(file) << "0123456789abcdef0123\n";
  ::chmod(file.c_str(), 0644);
  auto t = load_admin_token(file, true, no_env);
  CAF_REQUIRE(!t.ok());
  CAF_CHECK_EQUAL(t.error(), "admin token file " + file +
                                 " is accessible by group or others; run: "
                                 "chmod 600 " +
                                 file);
  ::chmod(file.c_str(), 0600);
  auto ok = load_admin_token(file, true, no_env);
  CAF_REQUIRE(ok.ok());
  CAF_CHECK_EQUAL(ok.value().value, "0123456789abcdef0123");
}

CAF_TEST(the environment overrides the file and short tokens are refused) {
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string{name} == "TRAILGRID_ADMIN_TOKEN")
      return std::string{"from-env-0123456789"};
    return std::nullopt;
  };
  auto t = load_admin_token("/nonexistent/admin.token", false, env);
  CAF_REQUIRE(t.ok());
  CAF_CHECK_EQUAL(t.value().value, "from-env-0123456789");
  CAF_CHECK_EQUAL(t.value().source, "environment");
  auto short_env = [](const char*) -> std::optional<std::string> {
    return std::string{"short"};
  };
  auto bad = load_admin_token("", false, short_env);
  CAF_REQUIRE(!bad.ok());
  CAF_CHECK_EQUAL(bad.error(), "$TRAILGRID_ADMIN_TOKEN: the admin token must "
                               "have at least 16 characters");
}

CAF_TEST(the default token file lives in the user config directory) {
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string{name} == "HOME") return std::string{"/home/op"};
    return std::nullopt;
  };
  CAF_CHECK_EQUAL(default_admin_token_file(env),
                  "/home/op/.config/trailgrid/admin.token");
  CAF_CHECK_EQUAL(default_admin_token_file(no_env), ".trailgrid-admin.token");
}

CAF_TEST(random tokens are hex and differ) {
  auto a = make_random_token();
  auto b = make_random_token();
  CAF_CHECK_EQUAL(a.size(), 64u);
  CAF_CHECK(a != b);
  CAF_CHECK_EQUAL(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}
