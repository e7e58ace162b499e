#define CAF_SUITE secrets
#include "caf/test/unit_test.hpp"

#include "runtime/dotenv.hpp"
#include "runtime/secret.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <type_traits>
#include <unistd.h>

using namespace trailgrid::runtime;
namespace fs = std::filesystem;

namespace {

template <class T, class = void>
struct streamable : std::false_type {};
template <class T>
struct streamable<T, std::void_t<decltype(std::declval<std::ostream&>()
                                          << std::declval<const T&>())>>
    : std::true_type {};

// A secret must not reach a log or a terminal by accident.
static_assert(!streamable<secret>::value, "secret must not be streamable");
static_assert(!fmt::is_formattable<secret>::value,
              "secret must not be formattable");
static_assert(!std::is_copy_constructible<secret>::value,
              "secret must not be copyable");

// A fresh directory with a config dir and a working dir in it.
struct sandbox {
  fs::path root;
  sandbox() {
    static int n = 0;
    root = fs::temp_directory_path() /
           ("trailgrid-secrets-" + std::to_string(::getpid()) + "-" +
            std::to_string(n++));
    fs::create_directories(root / "cfg");
    fs::create_directories(root / "cwd");
  }
  ~sandbox() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text,
             fs::perms mode = fs::perms::owner_read | fs::perms::owner_write) {
    std::ofstream(root / rel) << text;
    fs::permissions(root / rel, mode);
  }
  std::string config() const { return (root / "cfg" / "bot.toml").string(); }
  std::string cwd() const { return (root / "cwd").string(); }
};

std::optional<std::string> no_env(const char*) {
  return std::nullopt;
}

} // namespace

CAF_TEST(dotenv lines parse with quotes comments and export) {
  auto res = parse_dotenv("# comment\n"
                          "\n"
                          "A=1\n"
                          "export B = two words \n"
                          "C=\"quoted # not a comment\"\n"
                          "D='single'  # trailing comment\n"
                          "E=value # comment\n"
                          "F=\n",
                          "x/.env");
  CAF_REQUIRE(res);
  auto& m = res.value();
  CAF_CHECK_EQUAL(m.at("A"), "1");
  CAF_CHECK_EQUAL(m.at("B"), "two words");
  CAF_CHECK_EQUAL(m.at("C"), "quoted # not a comment");
  CAF_CHECK_EQUAL(m.at("D"), "single");
  CAF_CHECK_EQUAL(m.at("E"), "value");
  CAF_CHECK_EQUAL(m.at("F"), "");
}

CAF_TEST(dotenv errors name file and line but never the value) {
  auto a = parse_dotenv("A=1\nLIGHTER_PRIVATE_KEY 0xsecret\n", "x/.env");
  CAF_REQUIRE(!a);
  CAF_CHECK_EQUAL(a.error(), "x/.env:2: expected KEY=VALUE");
  auto b = parse_dotenv("LIGHTER_PRIVATE_KEY=\"0xsecret\n", "x/.env");
  CAF_REQUIRE(!b);
  CAF_CHECK_EQUAL(b.error(),
                  "x/.env:1: unterminated quoted value of LIGHTER_PRIVATE_KEY");
  auto c = parse_dotenv("1BAD=x\n", "x/.env");
  CAF_REQUIRE(!c);
  CAF_CHECK_EQUAL(c.error(),
                  "x/.env:1: invalid variable name (letters, digits and _ "
                  "only)");
}

CAF_TEST(the environment wins over dotenv files) {
  sandbox s;
  s.write("cfg/.env", "LIGHTER_PRIVATE_KEY=from_file\n");
  auto res = load_secrets(s.config(), s.cwd(), [](const char* name) {
    return std::string{name} == "LIGHTER_PRIVATE_KEY"
               ? std::optional<std::string>{"from_env"}
               : std::nullopt;
  });
  CAF_REQUIRE(res);
  CAF_REQUIRE(res.value().lighter_private_key);
  CAF_CHECK_EQUAL(res.value().lighter_private_key->reveal(), "from_env");
  CAF_CHECK_EQUAL(res.value().source, "environment");
}

CAF_TEST(a dotenv next to the config wins over one in the working dir) {
  sandbox s;
  s.write("cfg/.env", "LIGHTER_PRIVATE_KEY=next_to_config\n");
  s.write("cwd/.env", "LIGHTER_PRIVATE_KEY=in_cwd\n");
  auto res = load_secrets(s.config(), s.cwd(), no_env);
  CAF_REQUIRE(res);
  CAF_CHECK_EQUAL(res.value().lighter_private_key->reveal(), "next_to_config");
  CAF_CHECK_EQUAL(res.value().source, (s.root / "cfg" / ".env").string());
}

CAF_TEST(a dotenv in the working dir is used when the config dir has none) {
  sandbox s;
  s.write("cwd/.env", "OTHER=1\nLIGHTER_PRIVATE_KEY=in_cwd\n");
  auto res = load_secrets(s.config(), s.cwd(), no_env);
  CAF_REQUIRE(res);
  CAF_CHECK_EQUAL(res.value().lighter_private_key->reveal(), "in_cwd");
}

CAF_TEST(no secret anywhere is not an error) {
  sandbox s;
  auto res = load_secrets(s.config(), s.cwd(), no_env);
  CAF_REQUIRE(res);
  CAF_CHECK(!res.value().lighter_private_key);
  CAF_CHECK_EQUAL(res.value().source, "");
}

CAF_TEST(a malformed dotenv is an error) {
  sandbox s;
  s.write("cfg/.env", "LIGHTER_PRIVATE_KEY 0xsecret\n");
  auto res = load_secrets(s.config(), s.cwd(), no_env);
  CAF_REQUIRE(!res);
  CAF_CHECK_EQUAL(res.error(), (s.root / "cfg" / ".env").string() +
                                   ":1: expected KEY=VALUE");
  CAF_CHECK_EQUAL(res.error().find("0xsecret"), std::string::npos);
}

CAF_TEST(a moved secret leaves nothing behind) {
  secret a{"0xkey"};
  secret b{std::move(a)};
  CAF_CHECK(a.empty());
  CAF_CHECK_EQUAL(b.reveal(), "0xkey");
  secret c{"other"};
  c = std::move(b);
  CAF_CHECK_EQUAL(c.reveal(), "0xkey");
  CAF_CHECK(b.empty());
}

// Guards against keys in a .env that other local users can read.
CAF_TEST(a env file readable by group or others is refused) {
  sandbox s;
  s.write("cfg/.env", "LIGHTER_PRIVATE_KEY=from_file\n",
          fs::perms::owner_read | fs::perms::owner_write |
              fs::perms::group_read | fs::perms::others_read);
  auto res = load_secrets(s.config(), s.cwd(), no_env);
  CAF_REQUIRE(!res);
  auto path = (s.root / "cfg" / ".env").string();
  CAF_CHECK_EQUAL(res.error(), path +
                                   " holds secrets but is accessible by group "
                                   "or others; run: chmod 600 " +
                                   path);
}

// Guards against the key staying readable in /proc/<pid>/environ and being
// inherited by every child process after it was read.
CAF_TEST(a secret read from the environment can be forgotten there) {
  ::setenv("TRAILGRID_TEST_SECRET", "0xdeadbeefcafef00d", 1);
  const char* before = std::getenv("TRAILGRID_TEST_SECRET");
  CAF_REQUIRE(before != nullptr);
  forget_env_secret("TRAILGRID_TEST_SECRET");
  CAF_CHECK(std::getenv("TRAILGRID_TEST_SECRET") == nullptr);
}

CAF_TEST(a private key file named by LIGHTER_PRIVATE_KEY_FILE is read) {
  sandbox s;
  auto path = (s.root / "key").string();
  s.write("key", "\n  0xfromfile  \n");
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  auto env = [&](const char* name) -> std::optional<std::string> {
    if (std::string{name} == "LIGHTER_PRIVATE_KEY_FILE") return path;
    return std::nullopt;
  };
  s.write("cfg/.env", "LIGHTER_PRIVATE_KEY=from_dotenv\n");
  auto res = load_secrets(s.config(), s.cwd(), env);
  CAF_REQUIRE(res);
  CAF_REQUIRE(res.value().lighter_private_key);
  CAF_CHECK_EQUAL(res.value().lighter_private_key->reveal(), "0xfromfile");
  CAF_CHECK_EQUAL(res.value().source, path);
}

// A systemd credential is 0400; a key file others can read is a leak
// waiting to happen, so the node refuses to start rather than use it.
CAF_TEST(a key file group or others may read is refused with the fix) {
  sandbox s;
  auto path = (s.root / "key").string();
  s.write("key", "0xsecretvalue\n");
  for (auto extra : {fs::perms::group_read, fs::perms::others_read,
                     fs::perms::group_write}) {
    fs::permissions(path, fs::perms::owner_read | extra);
    auto res = read_key_file(path, "LIGHTER_PRIVATE_KEY_FILE");
    CAF_REQUIRE(!res);
    CAF_CHECK_NOT_EQUAL(res.error().find("chmod 600 " + path),
                        std::string::npos);
    CAF_CHECK_NOT_EQUAL(res.error().find("LIGHTER_PRIVATE_KEY_FILE"),
                        std::string::npos);
    CAF_CHECK_EQUAL(res.error().find("0xsecretvalue"), std::string::npos);
  }
  fs::permissions(path, fs::perms::owner_read);
  auto ok = read_key_file(path, "LIGHTER_PRIVATE_KEY_FILE");
  CAF_REQUIRE(ok);
  CAF_CHECK_EQUAL(ok.value().reveal(), "0xsecretvalue");
}

CAF_TEST(a missing or empty key file is an error and not a silent dry run) {
  sandbox s;
  auto missing = read_key_file((s.root / "nope").string(), "K_FILE");
  CAF_REQUIRE(!missing);
  CAF_CHECK_NOT_EQUAL(missing.error().find("cannot be read"),
                      std::string::npos);
  auto path = (s.root / "empty").string();
  s.write("empty", " \n");
  fs::permissions(path, fs::perms::owner_read);
  auto empty = read_key_file(path, "K_FILE");
  CAF_REQUIRE(!empty);
  CAF_CHECK_NOT_EQUAL(empty.error().find("empty"), std::string::npos);
  auto res = load_secrets(s.config(), s.cwd(),
                          [&](const char* name) -> std::optional<std::string> {
                            if (std::string{name} == "LIGHTER_PRIVATE_KEY_FILE")
                              return (s.root / "nope").string();
                            return std::nullopt;
                          });
  CAF_CHECK(!res);
}
