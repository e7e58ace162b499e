#pragma once

// Shared helpers for the net integration tests: temporary PEM files, a
// thread-safe recorder of client events, bounded waits.

#include "lighter/net/self_signed_cert.hpp"
#include "lighter/net/ws_client.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace trailgrid::lighter::net::test {

using namespace std::chrono_literals;

/// Upper bound for any single wait in these tests.
inline constexpr std::chrono::milliseconds wait_limit = 5s;

/// A fresh directory under the system temp dir, removed on destruction.
class temp_dir {
public:
  temp_dir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "trailgrid-net-XXXXXX")
            .string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::string file(const std::string& name) const {
    return (path_ / name).string();
  }

private:
  std::filesystem::path path_;
};

/// A self-signed certificate for `dns` names (+ 127.0.0.1) written to
/// <dir>/<name>.pem (cert = the client's CA file) and <name>.key.
struct test_cert {
  pem_pair pems;
  std::string ca_file;

  test_cert(const temp_dir& dir, const std::string& name,
            std::vector<std::string> dns,
            std::vector<std::string> ips = {"127.0.0.1"}) {
    cert_request req;
    req.common_name = dns.empty() ? name : dns.front();
    req.dns_names = std::move(dns);
    req.ip_addresses = std::move(ips);
    auto made = make_self_signed_cert(req);
    if (!made) throw std::runtime_error(made.error().message);
    pems = std::move(*made);
    ca_file = dir.file(name + ".pem");
    if (auto err = write_pem_files(pems, ca_file, dir.file(name + ".key")))
      throw std::runtime_error(err->message);
  }
};

/// Records a ws_client's callbacks; every accessor locks.
class ws_recorder {
  template <class F>
  void update(F f) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      f();
    }
    cv_.notify_all();
  }
  template <class F>
  auto locked(F f) {
    std::lock_guard<std::mutex> lock(mu_);
    return f();
  }

public:
  /// Callbacks that record into this object (which must outlive the
  /// io_runner's activity).
  ws_callbacks callbacks() {
    ws_callbacks cbs;
    cbs.on_open = [this] { update([&] { ++opens_; }); };
    cbs.on_text = [this](std::string_view text) {
      update([&] { texts_.emplace_back(text); });
    };
    cbs.on_close = [this](const std::string& reason) {
      update([&] {
        ++closes_;
        reason_ = reason;
      });
    };
    cbs.on_sent = [this](std::uint64_t seq, std::int64_t ns) {
      update([&] { sent_.emplace_back(seq, ns); });
    };
    return cbs;
  }

  /// Waits (bounded) until `pred()` holds; it runs under the lock, so it
  /// must read the members directly, not through the locking accessors.
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds limit = wait_limit) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, limit, pred);
  }
  bool wait_open() {
    return wait([this] { return opens_ > 0 || closes_ > 0; }) && opens_ > 0;
  }
  bool wait_closed() {
    return wait([this] { return closes_ > 0; });
  }
  bool wait_texts(std::size_t n) {
    return wait([this, n] { return texts_.size() >= n; });
  }
  bool wait_sent(std::size_t n) {
    return wait([this, n] { return sent_.size() >= n; });
  }

  int opens() {
    return locked([&] { return opens_; });
  }
  int closes() {
    return locked([&] { return closes_; });
  }
  std::string reason() {
    return locked([&] { return reason_; });
  }
  std::vector<std::string> texts() {
    return locked([&] { return texts_; });
  }
  std::vector<std::pair<std::uint64_t, std::int64_t>> sent() {
    return locked([&] { return sent_; });
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  int opens_ = 0;
  int closes_ = 0;
  std::string reason_;
  std::vector<std::string> texts_;
  std::vector<std::pair<std::uint64_t, std::int64_t>> sent_;
};

/// Polls `pred` every millisecond until it holds or `limit` passes.
template <class Pred>
bool poll_until(Pred pred, std::chrono::milliseconds limit = wait_limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

/// True if `text` contains `part` (for checking error messages).
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace trailgrid::lighter::net::test
