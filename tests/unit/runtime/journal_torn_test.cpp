#define CAF_SUITE journal_torn
#include "caf/test/unit_test.hpp"

#include "runtime/journal.hpp"
#include "temp_dir.hpp"

#include <filesystem>
#include <fstream>

using namespace trailgrid::runtime;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::test::temp_dir;

namespace {

journal_fill fill_at(int64_t price) {
  journal_fill f;
  f.market = "ETH";
  f.market_index = 0;
  f.price = price_ticks{price};
  f.size = qty_lots{3};
  return f;
}

/// A journal of three fills plus a fourth; returns the size after three.
uint64_t write_four(const std::string& path) {
  auto w = std::move(journal_writer::open(path).value());
  for (int64_t i = 1; i <= 3; ++i)
    w.append(fill_at(3'000 + i), i);
  auto three = std::filesystem::file_size(path);
  w.append(fill_at(3'004), 4);
  return three;
}

} // namespace

// Guards against a crash (kill -9) in the middle of a write leaving a
// partial record that breaks every later read or append.
CAF_TEST(a record cut mid body is reported then truncated on open) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  auto three = write_four(path);
  std::filesystem::resize_file(path, three + 12); // header + 4 body bytes
  auto c = read_journal(path).value();
  CAF_CHECK_EQUAL(c.records.size(), 3u);
  CAF_CHECK_EQUAL(c.scan.last_seq, 3u);
  CAF_CHECK_EQUAL(c.scan.valid_bytes, three);
  CAF_REQUIRE(c.scan.torn);
  CAF_CHECK_EQUAL(c.scan.torn->offset, three);
  CAF_CHECK_EQUAL(c.scan.torn->bytes, 12u);
  CAF_CHECK_EQUAL(c.scan.torn->reason.rfind("record body cut short (4 of ", 0),
                  0u);
  {
    auto w = std::move(journal_writer::open(path).value());
    CAF_REQUIRE(w.repaired());
    CAF_CHECK_EQUAL(w.repaired()->offset, three);
    CAF_CHECK_EQUAL(std::filesystem::file_size(path), three);
    CAF_CHECK_EQUAL(w.next_seq(), 4u);
    w.append(fill_at(3'005), 5);
  }
  auto after = read_journal(path).value();
  CAF_CHECK(!after.scan.torn);
  CAF_REQUIRE_EQUAL(after.records.size(), 4u);
  CAF_CHECK_EQUAL(after.records[3].seq, 4u);
  CAF_CHECK_EQUAL(std::get<journal_fill>(after.records[3].entry).price.value,
                  3'005);
}

CAF_TEST(a record cut inside its frame header is torn too) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  auto three = write_four(path);
  std::filesystem::resize_file(path, three + 3);
  auto c = read_journal(path).value();
  CAF_CHECK_EQUAL(c.records.size(), 3u);
  CAF_REQUIRE(c.scan.torn);
  CAF_CHECK_EQUAL(c.scan.torn->reason, "record header cut short (3 of 8 "
                                       "bytes)");
  CAF_CHECK_EQUAL(c.scan.torn->bytes, 3u);
}

CAF_TEST(a last record with a bad checksum is torn) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  write_four(path);
  auto size = std::filesystem::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 1));
    f.put('\x5a');
  }
  auto c = read_journal(path).value();
  CAF_CHECK_EQUAL(c.records.size(), 3u);
  CAF_REQUIRE(c.scan.torn);
  CAF_CHECK_EQUAL(c.scan.torn->reason, "record CRC mismatch");
}

CAF_TEST(a journal cut inside its magic starts over on open) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  std::ofstream{path} << "TGJR";
  auto c = read_journal(path).value();
  CAF_REQUIRE(c.scan.torn);
  CAF_CHECK_EQUAL(c.scan.torn->reason, "file header cut short");
  {
    auto w = std::move(journal_writer::open(path).value());
    CAF_CHECK(w.repaired());
    w.append(fill_at(1), 1);
  }
  auto after = read_journal(path).value();
  CAF_CHECK(!after.scan.torn);
  CAF_CHECK_EQUAL(after.records.size(), 1u);
}

// Guards against silent loss: a bad record in the middle used to be taken
// for a torn tail, and open() truncated every record after it.
CAF_TEST(a corrupt middle record refuses to open and salvage keeps the rest) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  uint64_t second = 0;
  {
    auto w = std::move(journal_writer::open(path).value());
    w.append(fill_at(3'001), 1);
    second = std::filesystem::file_size(path);
    for (int64_t i = 2; i <= 4; ++i)
      w.append(fill_at(3'000 + i), i);
  }
  auto size = std::filesystem::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(second + 10)); // record 2's body
    f.put('\x5a');
  }
  auto read = read_journal(path);
  CAF_REQUIRE(!read);
  CAF_CHECK_NOT_EQUAL(read.error().find("the record at offset " +
                                        std::to_string(second) +
                                        " is corrupt (record CRC mismatch)"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(read.error().find("gridbot journal-salvage " + path),
                      std::string::npos);
  CAF_CHECK(!journal_writer::open(path));
  CAF_CHECK_EQUAL(std::filesystem::file_size(path), size); // nothing cut

  auto out = dir.file("b.journal");
  auto saved = salvage_journal(path, out);
  CAF_REQUIRE(saved);
  CAF_CHECK_EQUAL(saved.value().kept, 3u);
  CAF_CHECK_EQUAL(saved.value().skipped_spans, 1u);
  auto c = read_journal(out).value();
  CAF_REQUIRE_EQUAL(c.records.size(), 3u);
  std::vector<int64_t> prices;
  for (auto& r : c.records)
    prices.push_back(std::get<journal_fill>(r.entry).price.value);
  CAF_CHECK_EQUAL(prices, (std::vector<int64_t>{3'001, 3'003, 3'004}));
  CAF_CHECK(journal_writer::open(out)); // appendable again
}
