#pragma once

#include "tools/lighter-sim/sim_types.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::sim {

/// What a record entry describes.
enum class record_kind {
  /// A transaction the exchange accepted (nonce consumed).
  tx,
  /// A tx request the exchange refused (code + message; nothing consumed).
  reject,
  /// An order changed status (pending, open, filled, canceled...).
  order,
  /// One of our orders traded (one entry per account side).
  fill,
  /// A scheduled cancel-all fired.
  cancel_all_fired,
  /// The nonce fault skipped a key's nonce.
  nonce_desync
};

/// The name of a kind as written in the record file.
const char* kind_name(record_kind k);

/// One thing the exchange did, flat so tests can compare fields directly.
/// Fields that do not apply to a kind keep their defaults.
struct record_entry {
  record_kind kind = record_kind::tx;
  ms_t ts = 0;
  int64_t account = 0;
  int api_key = -1;
  int market_id = -1;
  int tx_type = 0;
  int64_t nonce = -1;
  std::string tx_hash;
  int code = 0;
  std::string message;
  int64_t order_index = 0;
  int64_t client_order_index = 0;
  bool is_ask = false;
  /// Ticks / lots of the market.
  int64_t price = 0;
  int64_t size = 0;
  int64_t remaining = 0;
  std::string status;
  int64_t trade_id = 0;
  bool maker = false;
  int64_t fee_micro = 0;
  /// Signed position (lots) after a fill.
  int64_t position_after = 0;
};

/// One JSON object on one line (no trailing newline), with the fields that
/// apply to the entry's kind.
std::string to_json_line(const record_entry& e);

} // namespace trailgrid::sim
