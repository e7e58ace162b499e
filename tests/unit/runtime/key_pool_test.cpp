#define CAF_SUITE key_pool
#include "caf/test/unit_test.hpp"

#include "runtime/key_pool.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

using namespace trailgrid::runtime;
namespace fs = std::filesystem;

namespace {

const std::string key_a(80, 'a');
const std::string key_b(80, 'b');
const std::string key_c(80, 'c');

struct sandbox {
  fs::path root;
  sandbox() {
    static int n = 0;
    root = fs::temp_directory_path() /
           ("trailgrid-keypool-" + std::to_string(::getpid()) + "-" +
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
  std::string path(const std::string& rel) const {
    return (root / rel).string();
  }
};

exchange_config pool_of(std::vector<int> indices) {
  exchange_config ex;
  ex.api_key_indices = std::move(indices);
  return ex;
}

env_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

} // namespace

CAF_TEST(each key of the pool comes from its own variable file or env file) {
  sandbox sb;
  sb.write("key5.txt", "  " + key_b + "\n");
  fs::permissions(sb.path("key5.txt"),
                  fs::perms::owner_read | fs::perms::owner_write);
  sb.write("cfg/.env", "LIGHTER_PRIVATE_KEY_6=" + key_c + "\n");
  auto env = env_of({{"LIGHTER_PRIVATE_KEY_4", key_a},
                     {"LIGHTER_PRIVATE_KEY_5_FILE", sb.path("key5.txt")}});
  auto r = load_key_pool(pool_of({4, 5, 6}), sb.path("cfg/bot.toml"),
                         sb.path("cwd"), env);
  CAF_REQUIRE(r);
  auto& pool = r.value();
  CAF_REQUIRE_EQUAL(pool.size(), 3u);
  CAF_CHECK_EQUAL(std::string(pool.at(4).reveal()), key_a);
  CAF_CHECK_EQUAL(std::string(pool.at(5).reveal()), key_b);
  CAF_CHECK_EQUAL(std::string(pool.at(6).reveal()), key_c);
}

CAF_TEST(a missing pool key names its variable and never a value) {
  sandbox sb;
  auto env = env_of(
      {{"LIGHTER_PRIVATE_KEY_4", key_a}, {"LIGHTER_PRIVATE_KEY", key_b}});
  auto r = load_key_pool(pool_of({4, 7}), sb.path("cfg/bot.toml"),
                         sb.path("cwd"), env);
  CAF_REQUIRE(!r);
  CAF_CHECK_NOT_EQUAL(r.error().find("LIGHTER_PRIVATE_KEY_7"),
                      std::string::npos);
  CAF_CHECK_EQUAL(r.error().find(key_a), std::string::npos);
  CAF_CHECK_EQUAL(r.error().find(key_b), std::string::npos);
  auto bad_file =
      load_key_pool(pool_of({4}), sb.path("cfg/bot.toml"), sb.path("cwd"),
                    env_of({{"LIGHTER_PRIVATE_KEY_4_FILE", sb.path("nope")}}));
  CAF_REQUIRE(!bad_file);
  CAF_CHECK_NOT_EQUAL(bad_file.error().find("cannot be read"),
                      std::string::npos);
  CAF_CHECK_EQUAL(pool_key_variable(12), "LIGHTER_PRIVATE_KEY_12");
}

CAF_TEST(a pool key file others may read is refused) {
  sandbox sb;
  sb.write("key4.txt", key_a + "\n");
  fs::permissions(sb.path("key4.txt"), fs::perms::owner_read |
                                           fs::perms::owner_write |
                                           fs::perms::others_read);
  auto r = load_key_pool(
      pool_of({4}), sb.path("cfg/bot.toml"), sb.path("cwd"),
      env_of({{"LIGHTER_PRIVATE_KEY_4_FILE", sb.path("key4.txt")}}));
  CAF_REQUIRE(!r);
  CAF_CHECK_NOT_EQUAL(r.error().find("chmod 600"), std::string::npos);
  CAF_CHECK_EQUAL(r.error().find(key_a), std::string::npos);
}
