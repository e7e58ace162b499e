#include "runtime/key_pool.hpp"

#include "runtime/dotenv.hpp"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace trailgrid::runtime {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string{"."} : path.substr(0, slash);
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

std::string pool_key_variable(int index) {
  return "LIGHTER_PRIVATE_KEY_" + std::to_string(index);
}

expected<key_pool, std::string> load_key_pool(const exchange_config& ex,
                                              const std::string& config_path,
                                              const std::string& cwd,
                                              const env_lookup& env) {
  // The .env files, read once (next to the config, then the working dir).
  std::vector<std::map<std::string, std::string>> dotenvs;
  const std::string next_to_config = dir_of(config_path) + "/.env";
  const std::string in_cwd = cwd + "/.env";
  for (const auto* path : {&next_to_config, &in_cwd}) {
    if (path == &in_cwd && same_file(next_to_config, in_cwd)) break;
    if (auto why = dotenv_permission_problem(*path); !why.empty()) return why;
    auto text = read_file(*path);
    if (!text) continue;
    auto vars = parse_dotenv(*text, *path);
    if (!vars) return vars.error();
    dotenvs.push_back(std::move(vars.value()));
  }
  key_pool out;
  for (int index : ex.api_key_indices) {
    const auto name = pool_key_variable(index);
    std::optional<std::string> value = env(name.c_str());
    if (!value || value->empty()) {
      const auto file_var = name + "_FILE";
      if (auto file = env(file_var.c_str()); file && !file->empty()) {
        auto key = read_key_file(*file, file_var);
        if (!key) return key.error();
        value = std::string{key.value().reveal()};
      }
    }
    for (auto& vars : dotenvs) {
      if (value && !value->empty()) break;
      if (auto it = vars.find(name); it != vars.end()) value = it->second;
    }
    if (!value || value->empty())
      return "API key " + std::to_string(index) + " of api_key_indices has " +
             "no private key: set " + name + " (environment or .env) or " +
             name + "_FILE";
    out.emplace(index, secret{std::move(*value)});
  }
  return out;
}

} // namespace trailgrid::runtime
