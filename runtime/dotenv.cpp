#include "runtime/dotenv.hpp"

#include <cctype>

#include <sys/stat.h>

namespace trailgrid::runtime {

std::string dotenv_permission_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) == 0) return {};
  return path +
         " holds secrets but is accessible by group or others; run: "
         "chmod 600 " +
         path;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool valid_name(std::string_view k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k.front())))
    return false;
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

} // namespace

expected<std::map<std::string, std::string>, std::string>
parse_dotenv(std::string_view text, const std::string& name) {
  std::map<std::string, std::string> out;
  int line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    auto where = name + ":" + std::to_string(line_no) + ": ";
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export ") line = trim(line.substr(7));
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return where + "expected KEY=VALUE";
    auto key = trim(line.substr(0, eq));
    if (!valid_name(key))
      return where + "invalid variable name (letters, digits and _ only)";
    auto value = trim(line.substr(eq + 1));
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      char q = value.front();
      auto close = value.find(q, 1);
      if (close == std::string_view::npos)
        return where + "unterminated quoted value of " + std::string{key};
      auto rest = trim(value.substr(close + 1));
      if (!rest.empty() && rest.front() != '#')
        return where + "unexpected text after the quoted value of " +
               std::string{key};
      value = value.substr(1, close - 1);
    } else if (auto hash = value.find(" #"); hash != std::string_view::npos) {
      value = trim(value.substr(0, hash));
    }
    out[std::string{key}] = std::string{value};
  }
  return out;
}

} // namespace trailgrid::runtime
