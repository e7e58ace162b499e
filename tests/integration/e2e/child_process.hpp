#pragma once

// A child process for end-to-end tests: stdout and stderr go to files,
// extra environment variables are set, and the destructor never leaves it
// running (SIGTERM, then SIGKILL).

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace e2e {

class child_process {
public:
  /// Starts `bin args...` in `cwd` with `env` added to the environment.
  child_process(std::string bin, std::vector<std::string> args, std::string cwd,
                std::string out_file,
                std::vector<std::pair<std::string, std::string>> env = {})
      : out_file_(std::move(out_file)) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      int fd = ::open(out_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      for (auto& [k, v] : env)
        ::setenv(k.c_str(), v.c_str(), 1);
      std::vector<char*> argv;
      argv.push_back(bin.data());
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }

  ~child_process() { stop(); }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Sends `sig` (no-op once reaped).
  void signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  /// Waits up to `limit` for the exit; the exit code, -1 on timeout,
  /// -100 - signal when killed by a signal.
  int wait(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (pid_ > 0) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        code_ =
            WIFEXITED(status) ? WEXITSTATUS(status) : -100 - WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return code_;
  }

  /// SIGTERM, a bounded wait, then SIGKILL; the exit code.
  int stop() {
    if (pid_ <= 0) return code_;
    signal(SIGTERM);
    if (wait(std::chrono::seconds(20)) != -1) return code_;
    signal(SIGKILL);
    return wait(std::chrono::seconds(5));
  }

  /// Everything the process printed so far.
  std::string output() const {
    std::ifstream in(out_file_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  bool running() const { return pid_ > 0; }

private:
  pid_t pid_ = 0;
  int code_ = -1;
  std::string out_file_;
};

} // namespace e2e
