#include "backtest/tape.hpp"

#include "marketdata/byte_source.hpp"
#include "marketdata/readers.hpp"

#include <algorithm>
#include <string_view>

namespace trailgrid::backtest {

using marketdata::book_side;
using marketdata::depth_event;
using strategy::side;

std::string_view to_string(tape_kind k) {
  switch (k) {
  case tape_kind::candles:
    return "candles";
  case tape_kind::trades:
    return "trades";
  case tape_kind::l2:
    return "l2";
  }
  return "unknown";
}

std::size_t tape::size() const {
  switch (kind) {
  case tape_kind::candles:
    return candles.size();
  case tape_kind::trades:
    return trades.size();
  case tape_kind::l2:
    return l2.size();
  }
  return 0;
}

int64_t tape::first_ts() const {
  switch (kind) {
  case tape_kind::candles:
    return candles.empty() ? 0 : candles.front().ts_ms;
  case tape_kind::trades:
    return trades.empty() ? 0 : trades.front().ts_ms;
  case tape_kind::l2:
    return l2.empty() ? 0 : l2.front().ts;
  }
  return 0;
}

int64_t tape::end_ts() const {
  switch (kind) {
  case tape_kind::candles:
    return candles.empty() ? 0 : candles.back().ts_ms + interval_ms;
  case tape_kind::trades:
    return trades.empty() ? 0 : trades.back().ts_ms;
  case tape_kind::l2:
    return l2.empty() ? 0 : l2.back().ts;
  }
  return 0;
}

namespace {

enum class file_kind { unknown, candles, trades, depth, bbo };

// The header line and up to 64 KiB of the rows that follow.
std::string head_of(const std::string& path) {
  marketdata::byte_source src{path};
  std::string text(64 * 1024, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    auto n = src.read(text.data() + got, text.size() - got);
    if (n == 0) break;
    got += n;
  }
  text.resize(src.ok() ? got : 0);
  return text;
}

file_kind kind_of_header(std::string_view h) {
  if (!h.empty() && h.back() == '\r') h.remove_suffix(1);
  if (h == "ts_ms,open,high,low,close,volume") return file_kind::candles;
  if (h == "ts_ms,price,qty,side") return file_kind::trades;
  if (h.rfind("ts_ms,local_ts_us,event,side,price,qty", 0) == 0)
    return file_kind::depth;
  if (h.rfind("ts_ms,local_ts_us,bid_price,bid_qty,ask_price,ask_qty", 0) == 0)
    return file_kind::bbo;
  return file_kind::unknown;
}

file_kind kind_of_file(const std::string& path) {
  auto text = head_of(path);
  auto nl = text.find('\n');
  return kind_of_header(std::string_view{text}.substr(0, nl));
}

int decimals_of(std::string_view field) {
  auto dot = field.find('.');
  if (dot == std::string_view::npos) return 0;
  auto frac = field.substr(dot + 1);
  while (!frac.empty() && frac.back() == '0')
    frac.remove_suffix(1);
  return static_cast<int>(frac.size());
}

} // namespace

int detect_price_decimals(const std::string& path) {
  auto text = head_of(path);
  std::string_view rest{text};
  auto nl = rest.find('\n');
  if (nl == std::string_view::npos) return -1;
  std::vector<int> cols;
  switch (kind_of_header(rest.substr(0, nl))) {
  case file_kind::candles:
    cols = {1, 2, 3, 4};
    break;
  case file_kind::trades:
    cols = {1};
    break;
  case file_kind::depth:
    cols = {4};
    break;
  case file_kind::bbo:
    cols = {2, 4};
    break;
  case file_kind::unknown:
    return -1;
  }
  rest.remove_prefix(nl + 1);
  int best = 0;
  // Only complete lines (the last one may be cut at the 64 KiB boundary).
  for (nl = rest.find('\n'); nl != std::string_view::npos;
       nl = rest.find('\n')) {
    auto line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    int col = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i < line.size() && line[i] != ',') continue;
      if (std::find(cols.begin(), cols.end(), col) != cols.end())
        best = std::max(best, decimals_of(line.substr(start, i - start)));
      ++col;
      start = i + 1;
    }
  }
  return best;
}

std::vector<l2_event>
merge_l2(const std::vector<marketdata::depth_row>& depth,
         const std::vector<marketdata::trade_row>& trades) {
  std::vector<l2_event> book;
  book.reserve(depth.size() + 16);
  std::vector<const marketdata::depth_row*> buffered; // before a snapshot
  bool have_snapshot = false;
  std::optional<int64_t> snapshot_id;
  int64_t last_ts = 0;
  std::optional<int64_t> snap_local; // local_ts_us of the snapshot being read
  auto side_of = [](book_side s) {
    return s == book_side::bid ? side::bid : side::ask;
  };
  for (std::size_t i = 0; i < depth.size(); ++i) {
    const auto& r = depth[i];
    if (r.ts_ms) last_ts = std::max(last_ts, *r.ts_ms);
    if (r.event == depth_event::snapshot) {
      if (!snap_local || *snap_local != r.local_ts_us) {
        // A new snapshot: it replaces the book.
        snap_local = r.local_ts_us;
        if (last_ts == 0) // spot snapshot first in the file: next known time
          for (std::size_t j = i; j < depth.size() && last_ts == 0; ++j)
            if (depth[j].ts_ms) last_ts = *depth[j].ts_ms;
        book.push_back({last_ts, l2_event::type::clear, side::bid, {}, {}});
        snapshot_id = r.last_update_id;
        have_snapshot = true;
        for (auto* b : buffered)
          if (snapshot_id && b->last_update_id &&
              *b->last_update_id > *snapshot_id)
            book.push_back({last_ts, l2_event::type::level, side_of(b->side),
                            b->price, b->qty});
        buffered.clear();
      }
      book.push_back(
          {last_ts, l2_event::type::level, side_of(r.side), r.price, r.qty});
      continue;
    }
    snap_local.reset();
    if (!have_snapshot) {
      buffered.push_back(&r);
      continue;
    }
    if (snapshot_id && r.last_update_id && *r.last_update_id <= *snapshot_id)
      continue; // already in the snapshot
    book.push_back({r.ts_ms.value_or(last_ts), l2_event::type::level,
                    side_of(r.side), r.price, r.qty});
  }
  std::stable_sort(
      book.begin(), book.end(),
      [](const l2_event& a, const l2_event& b) { return a.ts < b.ts; });
  std::vector<l2_event> out;
  out.reserve(book.size() + trades.size());
  std::size_t bi = 0;
  for (const auto& t : trades) {
    while (bi < book.size() && book[bi].ts < t.ts_ms)
      out.push_back(book[bi++]);
    out.push_back(
        {t.ts_ms, l2_event::type::trade,
         t.side == marketdata::trade_side::buy ? side::bid : side::ask, t.price,
         t.qty});
  }
  while (bi < book.size())
    out.push_back(book[bi++]);
  // Replay starts at the first book: earlier trades have no book to act on.
  auto first_book = std::find_if(out.begin(), out.end(), [](const l2_event& e) {
    return e.what == l2_event::type::clear;
  });
  out.erase(out.begin(), first_book);
  return out;
}

tape_result load_tape(const std::vector<std::string>& paths,
                      marketdata::scale sc) {
  tape_result r;
  r.value.scale = sc;
  sc.excess = marketdata::excess_digits::truncate;
  // Prices must be exact: read them strictly, sizes truncated. The readers
  // take one policy, so check prices by their detected decimals instead.
  std::string candles_path, trades_path, depth_path;
  for (const auto& p : paths) {
    if (!r.value.source.empty()) r.value.source += " + ";
    r.value.source += p;
    auto k = kind_of_file(p);
    int dec = detect_price_decimals(p);
    if (k == file_kind::unknown || dec < 0) {
      r.error = p + ": not a candle, trade or depth file (unknown header or "
                    "unreadable)";
      return r;
    }
    if (dec > sc.price_decimals) {
      r.error = p + ": prices have " + std::to_string(dec) +
                " decimals, more than the market's " +
                std::to_string(sc.price_decimals) + " (set price_decimals)";
      return r;
    }
    std::string* slot = k == file_kind::candles  ? &candles_path
                        : k == file_kind::trades ? &trades_path
                        : k == file_kind::depth  ? &depth_path
                                                 : nullptr;
    if (!slot) continue; // bbo: the L2 book already gives the top
    if (!slot->empty()) {
      r.error = p + ": a second file of the same kind";
      return r;
    }
    *slot = p;
  }
  auto& t = r.value;
  if (!candles_path.empty()) {
    if (!trades_path.empty() || !depth_path.empty()) {
      r.error = "candles cannot be combined with trades or depth";
      return r;
    }
    auto rows = marketdata::read_candles(candles_path, sc);
    if (!rows) {
      r.error = rows.error().to_string();
      return r;
    }
    t.kind = tape_kind::candles;
    t.candles = std::move(rows.value());
    // The interval is the smallest step between rows (gaps are outages).
    int64_t step = INT64_MAX;
    for (std::size_t i = 1; i < t.candles.size(); ++i)
      step = std::min(step, t.candles[i].ts_ms - t.candles[i - 1].ts_ms);
    t.interval_ms = step == INT64_MAX ? 60'000 : step;
    if (t.interval_ms < 1000) {
      r.error = candles_path + ": candle interval below 1 s";
      return r;
    }
    return r;
  }
  if (trades_path.empty()) {
    r.error = "no candle or trade file given (an L2 tape needs depth + trades)";
    return r;
  }
  auto trades = marketdata::read_trades(trades_path, sc);
  if (!trades) {
    r.error = trades.error().to_string();
    return r;
  }
  if (depth_path.empty()) {
    t.kind = tape_kind::trades;
    t.trades = std::move(trades.value());
    return r;
  }
  auto depth = marketdata::read_depth(depth_path, sc);
  if (!depth) {
    r.error = depth.error().to_string();
    return r;
  }
  t.kind = tape_kind::l2;
  t.l2 = merge_l2(depth.value(), trades.value());
  if (t.l2.empty()) r.error = depth_path + ": no snapshot to start the book";
  return r;
}

} // namespace trailgrid::backtest
