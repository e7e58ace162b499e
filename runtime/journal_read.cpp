// Journal readers: replay, read into memory, recover session figures.

#include "runtime/journal.hpp"
#include "runtime/journal_codec.hpp"

#include "strategy/pnl_tracker.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <vector>

namespace trailgrid::runtime {

namespace jd = journal_detail;

namespace {

constexpr std::size_t magic_bytes = sizeof(journal_magic) - 1;

std::string sys_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// The whole file; a missing file reads as empty.
expected<std::vector<unsigned char>, std::string>
slurp(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::vector<unsigned char>{};
    return sys_error("cannot open journal", path);
  }
  std::vector<unsigned char> data;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    data.reserve(static_cast<std::size_t>(st.st_size));
  unsigned char chunk[1 << 16];
  for (;;) {
    auto n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto err = sys_error("cannot read journal", path);
      ::close(fd);
      return err;
    }
    if (n == 0) break;
    data.insert(data.end(), chunk, chunk + n);
  }
  ::close(fd);
  return data;
}

torn_tail make_torn(uint64_t offset, uint64_t size, std::string reason) {
  return torn_tail{offset, size - offset, std::move(reason)};
}

// The first offset at or after `from` where a whole, intact record starts
// (plausible length, body present, CRC right, decodes); nothing if none.
std::optional<uint64_t> next_readable(const std::vector<unsigned char>& data,
                                      uint64_t from) {
  const auto size = static_cast<uint64_t>(data.size());
  for (auto pos = from; pos + jd::frame_header_bytes <= size; ++pos) {
    const unsigned char* p = data.data() + pos;
    const uint32_t len = jd::load_u32(p);
    if (len == 0 || len > jd::max_body_bytes ||
        size - pos - jd::frame_header_bytes < len)
      continue;
    const unsigned char* body = p + jd::frame_header_bytes;
    if (jd::crc32_of(body, len) != jd::load_u32(p + 4)) continue;
    if (jd::decode_body(body, len)) return pos;
  }
  return std::nullopt;
}

} // namespace

expected<journal_scan, std::string>
replay_journal(const std::string& path,
               const std::function<void(const journal_record&)>& visit) {
  auto file = slurp(path);
  if (!file) return file.error();
  const auto& data = file.value();
  journal_scan scan;
  scan.file_bytes = data.size();
  if (data.empty()) return scan;
  const auto size = static_cast<uint64_t>(data.size());
  if (data.size() < magic_bytes) {
    if (std::memcmp(data.data(), journal_magic, data.size()) != 0)
      return path + " is not a trailgrid journal (bad magic)";
    scan.torn = make_torn(0, size, "file header cut short");
    return scan;
  }
  if (std::memcmp(data.data(), journal_magic, magic_bytes) != 0)
    return path + " is not a trailgrid journal (bad magic)";
  uint64_t pos = magic_bytes;
  scan.valid_bytes = pos;
  // Only a bad *last* record is a torn tail (a crash mid-write). A bad
  // record with intact ones after it is corruption: truncating there would
  // silently drop them, so the journal is refused instead.
  auto bad = [&](std::string reason) -> std::optional<std::string> {
    if (auto next = next_readable(data, pos + 1))
      return path + ": the record at offset " + std::to_string(pos) +
             " is corrupt (" + reason +
             ") but readable records follow it (from offset " +
             std::to_string(*next) +
             "); refusing to use the journal, nothing was changed. Keep "
             "every readable record with: gridbot journal-salvage " +
             path;
    scan.torn = make_torn(pos, size, std::move(reason));
    return std::nullopt;
  };
  while (pos < size) {
    const auto left = size - pos;
    if (left < jd::frame_header_bytes) {
      if (auto err = bad("record header cut short (" + std::to_string(left) +
                         " of 8 bytes)"))
        return *err;
      break;
    }
    const unsigned char* p = data.data() + pos;
    const uint32_t len = jd::load_u32(p);
    const uint32_t crc = jd::load_u32(p + 4);
    if (len == 0 || len > jd::max_body_bytes) {
      if (auto err = bad("implausible record length " + std::to_string(len)))
        return *err;
      break;
    }
    if (left - jd::frame_header_bytes < len) {
      if (auto err = bad("record body cut short (" +
                         std::to_string(left - jd::frame_header_bytes) +
                         " of " + std::to_string(len) + " bytes)"))
        return *err;
      break;
    }
    const unsigned char* body = p + jd::frame_header_bytes;
    if (jd::crc32_of(body, len) != crc) {
      if (auto err = bad("record CRC mismatch")) return *err;
      break;
    }
    auto rec = jd::decode_body(body, len);
    if (!rec)
      return path + ": record at offset " + std::to_string(pos) +
             " has a valid CRC but does not decode: " + rec.error();
    auto& d = rec.value();
    if (d.entry && visit) visit(journal_record{d.seq, d.ts_ms, *d.entry});
    ++scan.entries;
    scan.last_seq = d.seq;
    pos += jd::frame_header_bytes + len;
    scan.valid_bytes = pos;
  }
  return scan;
}

expected<journal_salvage, std::string>
salvage_journal(const std::string& path, const std::string& out_path) {
  auto file = slurp(path);
  if (!file) return file.error();
  const auto& data = file.value();
  if (data.size() < magic_bytes ||
      std::memcmp(data.data(), journal_magic, magic_bytes) != 0)
    return path + " is not a trailgrid journal (bad magic)";
  journal_salvage out;
  std::string kept(journal_magic, magic_bytes);
  const auto size = static_cast<uint64_t>(data.size());
  uint64_t pos = magic_bytes;
  while (pos < size) {
    auto next = next_readable(data, pos);
    if (!next) {
      out.skipped_bytes += size - pos;
      ++out.skipped_spans;
      break;
    }
    if (*next != pos) {
      out.skipped_bytes += *next - pos;
      ++out.skipped_spans;
    }
    const auto len = jd::load_u32(data.data() + *next);
    const auto end = *next + jd::frame_header_bytes + len;
    kept.append(reinterpret_cast<const char*>(data.data() + *next),
                static_cast<std::size_t>(end - *next));
    ++out.kept;
    pos = end;
  }
  int fd =
      ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return sys_error("cannot create", out_path);
  std::size_t done = 0;
  while (done < kept.size()) {
    auto n = ::write(fd, kept.data() + done, kept.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto err = sys_error("cannot write", out_path);
      ::close(fd);
      return err;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto err = sys_error("cannot fsync", out_path);
    ::close(fd);
    return err;
  }
  ::close(fd);
  return out;
}

expected<journal_contents, std::string> read_journal(const std::string& path) {
  journal_contents out;
  auto scan = replay_journal(
      path, [&](const journal_record& r) { out.records.push_back(r); });
  if (!scan) return scan.error();
  out.scan = scan.value();
  return out;
}

expected<journal_recovery, std::string> recover(const std::string& path) {
  journal_recovery out;
  // Position, realised PnL and volume by the strategy's own average-cost
  // rules; fees are taken as the exchange charged them (from the fills).
  std::map<std::string, strategy::pnl_tracker> trackers;
  auto market = [&](const std::string& name, int32_t index) -> auto& {
    auto& m = out.markets[name];
    m.market = name;
    m.market_index = index;
    trackers.try_emplace(name, strategy::fee_params{});
    return m;
  };
  // Every total the fold keeps (position, volume, realised PnL, fees) is at
  // most the sum of the fills' notionals and fees; while that sum fits in
  // int64 no total can overflow. A journal past it is refused.
  int128 traded = 0;
  bool beyond_int64 = false;
  struct visitor {
    journal_recovery& out;
    std::map<std::string, strategy::pnl_tracker>& trackers;
    decltype(market)& get;
    int128& traded;
    bool& beyond_int64;
    uint64_t seq;

    void operator()(const journal_session&) {
      out.markets.clear();
      trackers.clear();
      traded = 0;
      out.session_seq = seq;
    }
    void operator()(const journal_fill& x) {
      const auto fee = static_cast<int128>(x.fee.value);
      traded += static_cast<int128>(x.price.value) * x.size.value +
                (fee < 0 ? -fee : fee);
      if (beyond_int64 || traded > std::numeric_limits<int64_t>::max()) {
        beyond_int64 = true;
        return;
      }
      auto& m = get(x.market, x.market_index);
      trackers.at(x.market).on_fill(x.side, x.price, x.size, x.is_maker,
                                    x.fee_reported ? std::optional{x.fee}
                                                   : std::nullopt);
      m.fees += x.fee;
      ++m.fills;
    }
    void operator()(const journal_ack& x) {
      ++get(x.market, x.market_index).acks;
    }
    void operator()(const journal_reject& x) {
      ++get(x.market, x.market_index).rejects;
    }
    void operator()(const journal_reset& x) {
      auto& m = get(x.market, x.market_index);
      ++m.resets;
      m.guard_fallbacks += x.guard_fallback ? 1 : 0;
    }
    void operator()(const journal_pnl& x) {
      get(x.market, x.market_index).last_snapshot = x;
    }
    void operator()(const journal_config& x) {
      out.config[x.key] = x.new_value;
    }
    void operator()(const journal_risk& x) {
      get(x.market, x.market_index).last_risk = x;
    }
    void operator()(const journal_book&) {}
    void operator()(const journal_scale&) {}
  };
  auto scan = replay_journal(path, [&](const journal_record& r) {
    std::visit(visitor{out, trackers, market, traded, beyond_int64, r.seq},
               r.entry);
  });
  if (!scan) return scan.error();
  if (beyond_int64)
    return path + ": its fills add up to more than 64-bit accounting holds; "
                  "the journal is corrupt, nothing was changed";
  out.scan = scan.value();
  for (auto& [name, m] : out.markets) {
    const auto& t = trackers.at(name);
    m.position = t.position();
    m.realised = t.realised();
    m.volume = t.volume();
  }
  return out;
}

} // namespace trailgrid::runtime
