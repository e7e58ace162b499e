#pragma once

// Internal to the journal: one record <-> one packed Cap'n Proto message,
// and the on-disk frame around it. Only runtime/journal*.cpp include this.

#include "runtime/expected.hpp"
#include "runtime/journal.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace trailgrid::runtime::journal_detail {

/// Bytes of a record frame header: body length and CRC-32, both u32 LE.
inline constexpr std::size_t frame_header_bytes = 8;
/// Largest body a reader accepts; anything bigger is corruption.
inline constexpr uint32_t max_body_bytes = 16u << 20;

/// Appends the framed record (header + packed message) to `out`.
void append_frame(std::string& out, const journal_record& record);

/// A decoded record body; `entry` is empty for a union member this build
/// does not know (written by a newer version: skipped).
struct decoded {
  uint64_t seq = 0;
  int64_t ts_ms = 0;
  std::optional<journal_entry> entry;
};

/// Why `entry` cannot be one this program writes, if it cannot: a fill
/// outside the exchange's own ranges (price 1..2^32-1, size 1..2^48-1),
/// with a notional int64 does not hold, or with a fee above its notional.
/// The writer refuses such an entry and the reader calls it corruption.
std::optional<std::string> implausible(const journal_entry& entry);

/// Decodes one packed body; the error names what failed.
expected<decoded, std::string> decode_body(const unsigned char* data,
                                           std::size_t size);

/// CRC-32 (zlib's) of `size` bytes.
uint32_t crc32_of(const unsigned char* data, std::size_t size);

/// Little-endian u32 at `p`.
uint32_t load_u32(const unsigned char* p);

} // namespace trailgrid::runtime::journal_detail
