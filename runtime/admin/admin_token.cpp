#include "runtime/admin/admin_token.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trailgrid::runtime {

namespace {

bool valid_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || std::strchr("._~+/=-", c) != nullptr;
}

std::optional<std::string> check_token(const std::string& t,
                                       const std::string& where) {
  if (t.size() < 16)
    return where + ": the admin token must have at least 16 characters";
  for (char c : t)
    if (!valid_token_char(c))
      return where + ": the admin token may hold only letters, digits and " +
             "._~+/=-";
  return std::nullopt;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' ||
                        s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  return s.substr(i);
}

// Writes `token` to a new file `path` with mode 0600 (O_EXCL: never
// overwrites a file another process created meanwhile).
std::optional<std::string> write_new_token(const std::string& path,
                                           const std::string& token) {
  namespace fs = std::filesystem;
  auto parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent)) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec)
      return "cannot create directory " + parent.string() + ": " + ec.message();
    fs::permissions(parent, fs::perms::owner_all, ec);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return "cannot create admin token file " + path + ": " +
           std::strerror(errno);
  std::string line = token + "\n";
  bool ok = ::write(fd, line.data(), line.size()) ==
            static_cast<ssize_t>(line.size());
  ok = (::close(fd) == 0) && ok;
  if (!ok) return "cannot write admin token file " + path;
  return std::nullopt;
}

} // namespace

std::string default_admin_token_file(const env_lookup& env) {
  if (auto home = env("HOME"); home && !home->empty())
    return *home + "/.config/trailgrid/admin.token";
  return ".trailgrid-admin.token";
}

std::string make_random_token() {
  // std::random_device reads the OS source (getrandom / /dev/urandom) on
  // glibc; 8 draws of 32 bits = 256 bits.
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    uint32_t v = rd();
    for (int j = 0; j < 8; ++j) {
      out.push_back(hex[v & 0xF]);
      v >>= 4;
    }
  }
  return out;
}

expected<admin_token, std::string>
load_admin_token(const std::string& file, bool create, const env_lookup& env) {
  if (auto v = env(admin_token_env); v && !v->empty()) {
    auto t = trim(*v);
    if (auto err = check_token(t, std::string{"$"} + admin_token_env))
      return *err;
    return admin_token{t, "environment"};
  }
  if (file.empty()) return std::string{"no admin token file configured"};
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno != ENOENT)
      return "cannot read admin token file " + file + ": " +
             std::strerror(errno);
    if (!create)
      return "admin token file " + file + " does not exist (start the node " +
             "once to create it, or set $" + admin_token_env + ")";
    auto t = make_random_token();
    if (auto err = write_new_token(file, t)) {
      // Another process may have created it first: use theirs.
      if (::stat(file.c_str(), &st) != 0) return *err;
    } else {
      return admin_token{t, file};
    }
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return "admin token file " + file +
           " is accessible by group or others; run: chmod 600 " + file;
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line))
    return "cannot read admin token file " + file;
  auto t = trim(line);
  if (auto err = check_token(t, file)) return *err;
  return admin_token{t, file};
}

expected<admin_token, std::string>
load_signer_token(const std::string& signer_file, const std::string& admin_file,
                  bool create, const env_lookup& env) {
  if (auto v = env(signer_token_env); v && !v->empty()) {
    auto t = trim(*v);
    if (auto err = check_token(t, std::string{"$"} + signer_token_env))
      return *err;
    return admin_token{t, "environment"};
  }
  if (signer_file.empty()) return load_admin_token(admin_file, create, env);
  // Its own file: the admin token's variable must not replace it.
  env_lookup none = [](const char*) -> std::optional<std::string> {
    return std::nullopt;
  };
  return load_admin_token(signer_file, create, none);
}

expected<admin_token, std::string> load_metrics_token(const std::string& file) {
  env_lookup none = [](const char*) -> std::optional<std::string> {
    return std::nullopt;
  };
  return load_admin_token(file, true, none);
}

bool bearer_matches(std::string_view expected,
                    std::optional<std::string_view> authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (!authorization || authorization->size() < scheme.size()) return false;
  for (size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>((*authorization)[i])) !=
        scheme[i])
      return false;
  auto given = authorization->substr(scheme.size());
  while (!given.empty() && given.front() == ' ')
    given.remove_prefix(1);
  return token_matches(expected, given);
}

bool token_matches(std::string_view expected, std::string_view given) {
  // Compare every byte of `given` against a same-length walk over
  // `expected`, so timing reveals neither the position of the first
  // difference nor the expected length beyond "equal or not".
  unsigned diff = expected.size() == given.size() ? 0u : 1u;
  for (size_t i = 0; i < given.size(); ++i) {
    unsigned char e =
        expected.empty()
            ? 0
            : static_cast<unsigned char>(expected[i % expected.size()]);
    diff |= e ^ static_cast<unsigned char>(given[i]);
  }
  return diff == 0 && !expected.empty();
}

} // namespace trailgrid::runtime
