#pragma once

// Runs the lighter-sim binary (LIGHTER_SIM_BIN) as a child process on
// loopback and reads its first line ("rest=http://127.0.0.1:N ws=...").
// Every wait is bounded; the destructor stops the process.

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace trailgrid::lighter::test {

/// A lighter-sim child process.
class sim_process {
public:
  /// Starts lighter-sim with `args` (plus --port 0) and reads its URLs.
  explicit sim_process(std::vector<std::string> args) {
    args.insert(args.begin(), {"--port", "0"});
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      // Die with the test, even when it is killed by a timeout.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      static std::string bin = LIGHTER_SIM_BIN;
      argv.push_back(bin.data());
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    fd_ = out[0];
    auto line = read_line(5000);
    auto rest = line.find("rest=");
    auto ws = line.find(" ws=");
    if (rest == std::string::npos || ws == std::string::npos)
      throw std::runtime_error("lighter-sim did not start: '" + line + "'");
    rest_url_ = line.substr(rest + 5, ws - rest - 5);
    ws_url_ = line.substr(ws + 4);
  }

  ~sim_process() {
    stop();
    if (fd_ >= 0) ::close(fd_);
  }
  sim_process(const sim_process&) = delete;
  sim_process& operator=(const sim_process&) = delete;

  /// "http://127.0.0.1:N".
  const std::string& rest_url() const { return rest_url_; }
  /// "ws://127.0.0.1:N/stream".
  const std::string& ws_url() const { return ws_url_; }

  /// SIGTERM, then SIGKILL after 5 s; the exit status (or -1).
  int stop() {
    if (pid_ <= 0) return exit_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
    return -1;
  }

private:
  std::string read_line(int timeout_ms) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;
      if (::read(fd_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  pid_t pid_ = 0;
  int fd_ = -1;
  int exit_ = -1;
  std::string rest_url_;
  std::string ws_url_;
};

} // namespace trailgrid::lighter::test
