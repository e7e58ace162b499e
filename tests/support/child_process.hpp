#pragma once

// Child processes for the integration tests, in one place:
//
//  * child_process: a long-running child (a simulator, a node) whose stdout
//    and stderr are appended to a file. A file nobody has to drain keeps a
//    chatty child from blocking on a full pipe, and the test can read it at
//    any time (output(), wait_for_line()). Every wait is bounded; the
//    destructor kills and reaps, so no test leaves a process behind.
//  * run(): a short command run to completion with its stdout and stderr
//    captured separately, bounded by a timeout.
//
// Exit codes everywhere: 0..255 for a normal exit, -100 - signal when the
// child died of a signal (SIGKILL: -109), -1 when it is still running.
//
// Only async-signal-safe calls happen between fork and exec (argv and the
// environment are built before the fork): the tests fork from processes
// that run CAF and asio threads.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT: POSIX, declared by no header in C++

namespace trailgrid::test_support {

/// Environment variables added to (or replacing in) the child's environment.
using env_vars = std::map<std::string, std::string>;

/// What child_process::start runs, and where its output goes.
struct child_options {
  /// Nothing to run yet.
  child_options() = default;
  /// The fields in order; the ones left out keep their defaults.
  child_options(std::vector<std::string> argv, std::string output_file = {},
                env_vars env = {}, std::string cwd = {})
      : argv(std::move(argv)), output_file(std::move(output_file)),
        env(std::move(env)), cwd(std::move(cwd)) {}

  /// argv[0] is the path of the binary (no PATH search), then its arguments.
  std::vector<std::string> argv;
  /// stdout and stderr are appended here; "" = a private temp file that is
  /// removed with the child_process.
  std::string output_file;
  /// Added to the test's own environment.
  env_vars env;
  /// Working directory of the child; "" = the test's.
  std::string cwd;
};

/// Output and exit code of a command run to completion.
struct run_result {
  int code = -1;          ///< exit code (see the top of this file)
  std::string out;        ///< everything it wrote to stdout
  std::string err;        ///< everything it wrote to stderr
  bool timed_out = false; ///< it was killed at the timeout
};

/// Everything readable from `fd` until end of file (or an error).
inline std::string read_to_end(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

namespace detail {

/// `status` of waitpid as an exit code (see the top of this file).
inline int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -100 - WTERMSIG(status);
  return -1;
}

/// "K=V" strings: the test's environment with `extra` laid over it.
inline std::vector<std::string> environment_with(const env_vars& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto key = kv.substr(0, kv.find('='));
    if (extra.count(key) == 0) out.push_back(std::move(kv));
  }
  for (auto& [k, v] : extra)
    out.push_back(k + "=" + v);
  return out;
}

/// Pointers into `strings`, null-terminated (what execve takes).
inline std::vector<char*> c_array(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Forks and execs `argv` with stdin from /dev/null and stdout/stderr on
/// `out_fd`/`err_fd`. The child gets SIGKILL when the forking thread dies,
/// so a test killed by its timeout leaves nothing behind. Returns the pid;
/// throws when the fork fails. In the child, a failed chdir exits 126 and a
/// failed exec 127.
inline pid_t spawn(std::vector<std::string> argv, const env_vars& env,
                   const std::string& cwd, int out_fd, int err_fd) {
  if (argv.empty()) throw std::invalid_argument("spawn: empty argv");
  auto env_strings = environment_with(env);
  auto args = c_array(argv);
  auto envp = c_array(env_strings);
  const char* dir = cwd.empty() ? nullptr : cwd.c_str();
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    if (null_fd >= 0) ::close(null_fd);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126); // the test died meanwhile
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (dir && ::chdir(dir) != 0) ::_exit(126);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  if (null_fd >= 0) ::close(null_fd);
  return pid;
}

} // namespace detail

/// A long-running child process with its output in a file; see the top of
/// this file. One object can run several children one after another (start
/// again once the previous one is reaped).
class child_process {
public:
  /// Nothing running yet; start() runs something.
  child_process() = default;
  /// Starts `o` at once (see start()).
  explicit child_process(child_options o) { start(std::move(o)); }
  /// Kills and reaps the child; removes a private output file.
  ~child_process() {
    kill();
    drop_temp_file();
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Starts `o`; its output is what it appends to the file from now on.
  /// Throws std::runtime_error when a child is still running here, the
  /// output file cannot be opened or the fork fails.
  void start(child_options o) {
    if (running()) throw std::runtime_error("child_process: still running");
    drop_temp_file();
    int fd = -1;
    if (o.output_file.empty()) {
      auto pattern =
          (std::filesystem::temp_directory_path() / "trailgrid-child-XXXXXX")
              .string();
      fd = ::mkostemp(pattern.data(), O_APPEND | O_CLOEXEC);
      o.output_file = pattern;
      temp_file_ = fd >= 0;
    } else {
      fd = ::open(o.output_file.c_str(),
                  O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    }
    if (fd < 0)
      throw std::runtime_error("child_process: cannot open " + o.output_file +
                               ": " + std::strerror(errno));
    output_file_ = o.output_file;
    from_ = ::lseek(fd, 0, SEEK_END);
    exit_ = -1;
    try {
      pid_ = detail::spawn(std::move(o.argv), o.env, o.cwd, fd, fd);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }

  /// True until the child has exited (and is reaped here).
  bool running() { return pid_ > 0 && !reap(false); }

  /// Sends `sig` (nothing once the child is reaped).
  void signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  /// Waits up to `limit` for the child to exit on its own; its exit code,
  /// -1 when it is still running.
  int wait(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (pid_ > 0 && !reap(false)) {
      if (std::chrono::steady_clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_;
  }

  /// SIGTERM, then waits up to `limit`; SIGKILL when it is still running
  /// then. The exit code (-109 when it had to be killed).
  int stop(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    if (pid_ <= 0) return exit_;
    signal(SIGTERM);
    if (wait(limit) != -1) return exit_;
    return kill();
  }

  /// SIGKILL and reap (a crash, or the cleanup); the exit code.
  int kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
    return exit_;
  }

  /// Everything the child has written since start() (so far).
  std::string output() const {
    if (output_file_.empty()) return {};
    int fd = ::open(output_file_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    ::lseek(fd, from_, SEEK_SET);
    auto text = read_to_end(fd);
    ::close(fd);
    return text;
  }

  /// Waits up to `limit` for a complete output line containing `text` ("":
  /// any line) and returns it, without its newline. Stops early, with
  /// nullopt, when the child exits without having printed one.
  std::optional<std::string> wait_for_line(const std::string& text,
                                           std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    size_t scanned = 0; // bytes of output() already split into lines
    while (true) {
      // Exit first, read second: the last read then sees all it wrote.
      const bool exited = !running();
      auto out = output();
      for (size_t nl; (nl = out.find('\n', scanned)) != std::string::npos;
           scanned = nl + 1) {
        auto line = out.substr(scanned, nl - scanned);
        if (line.find(text) != std::string::npos) return line;
      }
      if (exited || std::chrono::steady_clock::now() >= deadline)
        return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  /// The file that receives stdout and stderr ("" before the first start).
  const std::string& output_file() const { return output_file_; }

  /// The child's pid; 0 once it is reaped.
  pid_t pid() const { return pid_; }

  /// The exit code of the last child once reaped; -1 before.
  int exit_code() const { return exit_; }

private:
  /// Reaps the child if it has exited (`block`: waits until it has); true
  /// when it is reaped now.
  bool reap(bool block) {
    int status = 0;
    pid_t r;
    do {
      r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == 0) return false;
    exit_ = r == pid_ ? detail::exit_code_of(status) : -1;
    pid_ = 0;
    return true;
  }

  void drop_temp_file() {
    if (!temp_file_) return;
    std::error_code ec;
    std::filesystem::remove(output_file_, ec);
    temp_file_ = false;
  }

  pid_t pid_ = 0;
  int exit_ = -1;
  off_t from_ = 0;
  std::string output_file_;
  bool temp_file_ = false;
};

/// Runs `argv` to completion in `cwd` ("" = the test's) with `env` added,
/// its stdout and stderr captured; killed (timed_out) after `timeout`.
inline run_result
run(const std::vector<std::string>& argv, const env_vars& env = {},
    std::chrono::milliseconds timeout = std::chrono::seconds(30),
    const std::string& cwd = {}) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw std::runtime_error("pipe");
  }
  pid_t pid = -1;
  try {
    pid = detail::spawn(argv, env, cwd, out[1], err[1]);
  } catch (...) {
    for (int fd : {out[0], out[1], err[0], err[1]})
      ::close(fd);
    throw;
  }
  ::close(out[1]);
  ::close(err[1]);
  run_result r;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Drain both pipes until both are closed, so neither fills up.
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      r.timed_out = true;
      break;
    }
    if (::poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000))) < 0 &&
        errno != EINTR)
      break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      char buf[4096];
      const auto n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0)
        sinks[i]->append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR)
        fds[i].fd = -1; // end of file (or a broken pipe)
    }
  }
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.code = detail::exit_code_of(status);
  return r;
}

} // namespace trailgrid::test_support
