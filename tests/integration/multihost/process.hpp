#pragma once

// Child processes for the multi-host test: start one with its output in a
// log file and wait for its ready line there; run a command to completion
// with its output; stop, kill.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace multihost {

/// Output and exit code of a finished command.
struct run_result {
  int code = -1;
  std::string out;
  std::string err;
};

inline void exec_child(const std::vector<std::string>& argv,
                       const std::map<std::string, std::string>& env) {
  for (auto& [k, v] : env)
    ::setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

inline std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  return out;
}

/// Runs a command to completion (bounded by `timeout`; killed after it).
inline run_result run(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env = {},
                      std::chrono::seconds timeout = std::chrono::seconds(30)) {
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) throw std::runtime_error("pipe");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[0]);
    ::close(err[0]);
    ::close(out[1]);
    ::close(err[1]);
    int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, 0);
    exec_child(argv, env);
  }
  ::close(out[1]);
  ::close(err[1]);
  run_result r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Read both pipes until EOF (poll so neither fills up).
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int left =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now())
                             .count());
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    ::poll(fds, 2, left);
    char buf[4096];
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
      auto n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        fds[i].fd = -1;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
    if (!out_open) fds[0].fd = -1;
    if (!err_open) fds[1].fd = -1;
  }
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -100 - WTERMSIG(status);
  return r;
}

/// A long-running child; its stderr goes to `log_path`.
class process {
public:
  process() = default;
  process(const process&) = delete;
  process& operator=(const process&) = delete;
  ~process() { kill(); }

  /// Starts `argv` with stdout and stderr appended to `log_path` and
  /// waits (bounded) until a line containing `ready_text` appears there
  /// after the start; returns that line ("" when it never came or the
  /// child exited). A log file nobody has to read keeps a chatty child
  /// from blocking on a full pipe.
  std::string start(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env,
                    const std::string& log_path, const std::string& ready_text,
                    std::chrono::milliseconds timeout) {
    int log = ::open(log_path.c_str(),
                     O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0) throw std::runtime_error("cannot open " + log_path);
    auto from = ::lseek(log, 0, SEEK_END);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
      int null = ::open("/dev/null", O_RDONLY);
      ::dup2(null, 0);
      exec_child(argv, env);
    }
    ::close(log);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && running()) {
      auto text = read_from(log_path, from);
      for (size_t at = 0, nl; (nl = text.find('\n', at)) != std::string::npos;
           at = nl + 1) {
        auto line = text.substr(at, nl - at);
        if (line.find(ready_text) != std::string::npos) return line;
      }
      if (wait(std::chrono::milliseconds(100)) != -1) break; // it exited
    }
    return {};
  }

  /// SIGTERM, then wait up to `timeout`; the exit code (or -1 / -100-sig).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    if (pid_ <= 0) return exit_;
    ::kill(pid_, SIGTERM);
    return wait(timeout);
  }

  /// Waits up to `timeout` for the child to exit on its own.
  int wait(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return exit_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        exit_ =
            WIFEXITED(status) ? WEXITSTATUS(status) : -100 - WTERMSIG(status);
        return exit_;
      }
      ::usleep(20'000);
    }
    return -1;
  }

  /// SIGKILL and reap (a crash, for the test).
  void kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = 0;
      exit_ = -100 - SIGKILL;
    }
  }

  bool running() const { return pid_ > 0; }

private:
  static std::string read_from(const std::string& path, off_t offset) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    ::lseek(fd, offset, SEEK_SET);
    auto text = read_all(fd);
    ::close(fd);
    return text;
  }
  pid_t pid_ = 0;
  int exit_ = -1;
};

} // namespace multihost
