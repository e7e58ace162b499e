#define CAF_SUITE child_process
#include "caf/test/unit_test.hpp"

// tests/support/child_process.hpp and lighter_sim.hpp's line parser, on
// small /bin/sh children.

#include "tests/support/child_process.hpp"
#include "tests/support/lighter_sim.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

using namespace trailgrid::test_support;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string sh = "/bin/sh";

/// A scratch folder, removed with the holder.
struct scratch {
  fs::path dir = fs::temp_directory_path() /
                 ("tg-child-test-" + std::to_string(::getpid()));
  scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string file(const std::string& name) const {
    return (dir / name).string();
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace

CAF_TEST(run captures stdout and stderr apart with the exit code) {
  auto r = run({sh, "-c", "echo out; echo err >&2; exit 3"});
  CAF_CHECK_EQUAL(r.out, "out\n");
  CAF_CHECK_EQUAL(r.err, "err\n");
  CAF_CHECK_EQUAL(r.code, 3);
  CAF_CHECK(!r.timed_out);
}

CAF_TEST(run passes extra environment and the working directory) {
  scratch s;
  auto r = run({sh, "-c", "echo \"$TG_CHILD_TEST\"; pwd -P"},
               {{"TG_CHILD_TEST", "hello"}}, 10s, s.dir.string());
  CAF_CHECK_EQUAL(r.out, "hello\n" + fs::canonical(s.dir).string() + "\n");
  CAF_CHECK_EQUAL(r.code, 0);
}

CAF_TEST(run kills a command at its timeout) {
  auto r = run({sh, "-c", "echo started; exec sleep 30"}, {}, 300ms);
  CAF_CHECK(r.timed_out);
  CAF_CHECK_EQUAL(r.code, -100 - SIGKILL);
  CAF_CHECK_EQUAL(r.out, "started\n");
}

CAF_TEST(a binary that cannot be run exits 127) {
  CAF_CHECK_EQUAL(run({"/nonexistent/trailgrid-binary"}).code, 127);
  child_process p({{"/nonexistent/trailgrid-binary"}});
  CAF_CHECK_EQUAL(p.wait(10s), 127);
}

CAF_TEST(a line is waited for and the output read while the child runs) {
  scratch s;
  child_process p(
      {{sh, "-c", "echo first; echo ready now; exec sleep 30"}, s.file("log")});
  auto line = p.wait_for_line("ready", 10s);
  CAF_REQUIRE(line);
  CAF_CHECK_EQUAL(*line, "ready now");
  CAF_CHECK_EQUAL(p.wait_for_line("", 1s), "first");
  CAF_CHECK(p.running());
  CAF_CHECK_EQUAL(p.output(), "first\nready now\n");
  CAF_CHECK_EQUAL(p.wait(50ms), -1); // still running
  CAF_CHECK_EQUAL(p.stop(), -100 - SIGTERM);
  CAF_CHECK(!p.running());
  CAF_CHECK_EQUAL(p.pid(), 0);
}

CAF_TEST(a restart appends to the file and sees only its own output) {
  scratch s;
  child_process p;
  p.start({{sh, "-c", "echo one"}, s.file("log")});
  CAF_CHECK_EQUAL(p.wait(10s), 0);
  p.start({{sh, "-c", "echo two; exit 5"}, s.file("log")});
  CAF_CHECK_EQUAL(p.wait(10s), 5);
  CAF_CHECK_EQUAL(p.exit_code(), 5);
  CAF_CHECK_EQUAL(p.output(), "two\n");
  CAF_CHECK_EQUAL(slurp(s.file("log")), "one\ntwo\n");
}

CAF_TEST(stdout and stderr both reach the output file) {
  child_process p({{sh, "-c", "echo out; echo err >&2"}});
  CAF_CHECK_EQUAL(p.wait(10s), 0);
  CAF_CHECK_EQUAL(p.output(), "out\nerr\n");
}

CAF_TEST(waiting for a line stops when the child exits without it) {
  child_process p({{sh, "-c", "echo nope; exit 4"}});
  const auto start = std::chrono::steady_clock::now();
  CAF_CHECK(!p.wait_for_line("ready", 60s));
  // Far below the 60 s limit: it stopped at the exit.
  CAF_CHECK_LESS(std::chrono::steady_clock::now() - start, 30s);
  CAF_CHECK_EQUAL(p.exit_code(), 4);
}

CAF_TEST(a chatty child never blocks on its output) {
  // 1 MB without a reader: a pipe would hold 64 KiB and stall the child.
  child_process p(
      {{sh, "-c", "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo done"}});
  CAF_CHECK_EQUAL(p.wait_for_line("done", 30s), "done");
  CAF_CHECK_EQUAL(p.wait(10s), 0);
  CAF_CHECK_EQUAL(p.output().size(), 1000006u);
}

CAF_TEST(stop falls back to a kill when the child ignores terminate) {
  child_process p({{sh, "-c", "trap '' TERM; echo ready; exec sleep 30"}});
  CAF_REQUIRE(p.wait_for_line("ready", 10s));
  CAF_CHECK_EQUAL(p.stop(300ms), -100 - SIGKILL);
}

CAF_TEST(kill and the destructor leave no process behind) {
  pid_t pid = 0;
  {
    child_process p({{sh, "-c", "exec sleep 30"}});
    pid = p.pid();
    CAF_REQUIRE_GREATER(pid, 0);
  }
  // Reaped: the pid is gone, not a zombie of ours.
  CAF_CHECK_EQUAL(::kill(pid, 0), -1);
  CAF_CHECK_EQUAL(errno, ESRCH);
  child_process q({{sh, "-c", "exec sleep 30"}});
  CAF_CHECK_EQUAL(q.kill(), -100 - SIGKILL);
  CAF_CHECK(!q.running());
  CAF_CHECK_EQUAL(q.kill(), -100 - SIGKILL); // again: nothing to do
}

CAF_TEST(a private output file is removed with the child_process) {
  std::string file;
  {
    child_process p({{sh, "-c", "echo hi"}});
    file = p.output_file();
    CAF_CHECK_EQUAL(p.wait(10s), 0);
    CAF_CHECK(fs::exists(file));
  }
  CAF_CHECK(!fs::exists(file));
}

CAF_TEST(the lighter sim endpoints line parses) {
  auto e = parse_sim_endpoints(
      "rest=http://127.0.0.1:4242 ws=ws://127.0.0.1:4242/stream");
  CAF_REQUIRE(e);
  CAF_CHECK_EQUAL(e->rest_url, "http://127.0.0.1:4242");
  CAF_CHECK_EQUAL(e->ws_url, "ws://127.0.0.1:4242/stream");
  CAF_CHECK_EQUAL(e->port, 4242);
  auto tls = parse_sim_endpoints(
      "rest=https://127.0.0.1:9 ws=wss://127.0.0.1:9/stream");
  CAF_REQUIRE(tls);
  CAF_CHECK_EQUAL(tls->rest_url, "https://127.0.0.1:9");
  CAF_CHECK_EQUAL(tls->port, 9);
  CAF_CHECK(!parse_sim_endpoints(""));
  CAF_CHECK(!parse_sim_endpoints("lighter-sim: cannot listen"));
  CAF_CHECK(!parse_sim_endpoints("rest=http://127.0.0.1 ws=ws://x/stream"));
  CAF_CHECK(!parse_sim_endpoints("rest=http://h:12x ws=ws://h:12/stream"));
  CAF_CHECK(!parse_sim_endpoints(" rest=http://h:1 ws=ws://h:1/stream"));
}
