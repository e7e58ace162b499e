#include "runtime/secret.hpp"

#include "runtime/dotenv.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <utility>

namespace trailgrid::runtime {

namespace {

constexpr const char* key_name = "LIGHTER_PRIVATE_KEY";
constexpr const char* key_file_name = "LIGHTER_PRIVATE_KEY_FILE";
constexpr const char* read_only_name = "LIGHTER_READ_ONLY_TOKEN";

std::string dir_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string{"."} : path.substr(0, slash);
}

// The same file reached through two paths is read once.
bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

} // namespace

secret::~secret() {
  wipe();
}

secret::secret(secret&& other) noexcept : value_(std::move(other.value_)) {
  other.wipe();
}

secret& secret::operator=(secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

void secret::wipe() {
  // volatile so the compiler cannot drop the stores as dead.
  volatile char* p = value_.data();
  for (size_t i = 0; i < value_.size(); ++i)
    p[i] = 0;
  value_.clear();
}

expected<secret, std::string> read_key_file(const std::string& path,
                                            const std::string& variable) {
  const std::string what = variable + " names " + path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return what + ", which cannot be read: " + std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return what + ", which is not a regular file";
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o",
                  static_cast<unsigned>(st.st_mode & 07777));
    return what + ", which group or others may access (mode " + mode +
           "); a key file must be private: chmod 600 " + path;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return what + ", which cannot be read";
  std::string text{std::istreambuf_iterator<char>(in),
                   std::istreambuf_iterator<char>()};
  const char* ws = " \t\r\n";
  auto b = text.find_first_not_of(ws);
  auto e = text.find_last_not_of(ws);
  std::string key =
      b == std::string::npos ? std::string{} : text.substr(b, e - b + 1);
  secret wipe_text{std::move(text)}; // the file's bytes do not linger
  if (key.empty()) return what + ", which is empty";
  return secret{std::move(key)};
}

std::optional<std::string> process_env(const char* name) {
  if (const char* v = std::getenv(name)) return std::string{v};
  return std::nullopt;
}

void forget_env_secret(const char* name) {
  if (char* v = std::getenv(name)) {
    volatile char* p = v;
    for (size_t i = 0; v[i] != '\0'; ++i)
      p[i] = 'x';
  }
  ::unsetenv(name);
}

namespace {

// A variable of the first .env file (next to the config, then in `cwd`)
// that sets it: its value and that file; nothing when none does.
using dotenv_hit = std::optional<std::pair<std::string, std::string>>;

expected<dotenv_hit, std::string> from_dotenv(const char* name,
                                              const std::string& config_path,
                                              const std::string& cwd) {
  std::string next_to_config = dir_of(config_path) + "/.env";
  std::string in_cwd = cwd + "/.env";
  const std::string* paths[] = {&next_to_config, &in_cwd};
  for (const std::string* p : paths) {
    const std::string& path = *p;
    if (p == &in_cwd && same_file(next_to_config, in_cwd)) break;
    if (auto why = dotenv_permission_problem(path); !why.empty()) return why;
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::ostringstream ss;
    ss << in.rdbuf();
    auto vars = parse_dotenv(ss.str(), path);
    if (!vars) return vars.error();
    auto it = vars.value().find(name);
    if (it != vars.value().end() && !it->second.empty())
      return dotenv_hit{std::make_pair(std::move(it->second), path)};
  }
  return dotenv_hit{};
}

} // namespace

expected<secrets, std::string> load_secrets(const std::string& config_path,
                                            const std::string& cwd,
                                            const env_lookup& env) {
  secrets out;
  if (auto v = env(read_only_name); v && !v->empty()) {
    out.read_only_token.emplace(std::move(*v));
  } else {
    auto hit = from_dotenv(read_only_name, config_path, cwd);
    if (!hit) return hit.error();
    if (hit.value()) out.read_only_token.emplace(std::move(hit.value()->first));
  }
  if (auto v = env(key_name); v && !v->empty()) {
    out.lighter_private_key.emplace(std::move(*v));
    out.source = "environment";
    return out;
  }
  if (auto file = env(key_file_name); file && !file->empty()) {
    auto key = read_key_file(*file, key_file_name);
    if (!key) return key.error();
    out.lighter_private_key.emplace(std::move(key.value()));
    out.source = *file;
    return out;
  }
  auto hit = from_dotenv(key_name, config_path, cwd);
  if (!hit) return hit.error();
  if (hit.value()) {
    out.lighter_private_key.emplace(std::move(hit.value()->first));
    out.source = std::move(hit.value()->second);
  }
  return out;
}

} // namespace trailgrid::runtime
