#include "tools/lighter-sim/price_path.hpp"

#include "strategy/decimal.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace trailgrid::sim {

namespace {

// Splits `text` into lines (without '\n' / '\r').
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) out.push_back(line);
    pos = end + 1;
  }
  return out;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t end = line.find(',', pos);
    if (end == std::string_view::npos) {
      out.push_back(line.substr(pos));
      return out;
    }
    out.push_back(line.substr(pos, end - pos));
    pos = end + 1;
  }
}

bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Decimal text rounded half away from zero to `decimals`.
bool parse_rounded(std::string_view s, int decimals, int64_t& out) {
  auto fine = strategy::parse_scaled_truncating(s, decimals + 6);
  if (!fine) return false;
  int64_t q = *fine / 1000000;
  int64_t r = *fine % 1000000;
  if (r >= 500000)
    ++q;
  else if (r <= -500000)
    --q;
  out = q;
  return true;
}

bool parse_truncated(std::string_view s, int decimals, int64_t& out) {
  auto v = strategy::parse_scaled_truncating(s, decimals);
  if (!v) return false;
  out = *v;
  return true;
}

bool is_header(std::string_view line) {
  return !line.empty() && (line[0] < '0' || line[0] > '9');
}

std::string row_error(size_t line_no, const std::string& what) {
  return "line " + std::to_string(line_no) + ": " + what;
}

} // namespace

std::variant<std::vector<candle_row>, std::string>
parse_candle_csv(std::string_view text, int price_decimals, int size_decimals) {
  std::vector<candle_row> rows;
  auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 0 && is_header(lines[i])) continue;
    auto f = split_fields(lines[i]);
    if (f.size() < 6)
      return row_error(i + 1, "want ts_ms,open,high,low,close,volume");
    candle_row r;
    if (!parse_int(f[0], r.ts) ||
        !parse_rounded(f[1], price_decimals, r.open) ||
        !parse_rounded(f[2], price_decimals, r.high) ||
        !parse_rounded(f[3], price_decimals, r.low) ||
        !parse_rounded(f[4], price_decimals, r.close) ||
        !parse_truncated(f[5], size_decimals, r.volume))
      return row_error(i + 1, "malformed number");
    if (r.low <= 0 || r.low > std::min(r.open, r.close) ||
        r.high < std::max(r.open, r.close))
      return row_error(i + 1, "inconsistent OHLC");
    if (!rows.empty() && r.ts <= rows.back().ts)
      return row_error(i + 1, "timestamps must increase");
    rows.push_back(r);
  }
  if (rows.empty()) return std::string("no candle rows");
  return rows;
}

std::variant<std::vector<trade_row>, std::string>
parse_trade_csv(std::string_view text, int price_decimals, int size_decimals) {
  std::vector<trade_row> rows;
  auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 0 && is_header(lines[i])) continue;
    auto f = split_fields(lines[i]);
    if (f.size() < 4) return row_error(i + 1, "want ts_ms,price,qty,side");
    trade_row r;
    if (!parse_int(f[0], r.ts) ||
        !parse_rounded(f[1], price_decimals, r.price) ||
        !parse_truncated(f[2], size_decimals, r.qty))
      return row_error(i + 1, "malformed number");
    if (f[3] == "buy")
      r.buy = true;
    else if (f[3] == "sell")
      r.buy = false;
    else
      return row_error(i + 1, "side must be buy or sell");
    if (r.price <= 0) return row_error(i + 1, "price must be positive");
    if (!rows.empty() && r.ts < rows.back().ts)
      return row_error(i + 1, "timestamps must not decrease");
    rows.push_back(r);
  }
  if (rows.empty()) return std::string("no trade rows");
  return rows;
}

std::vector<path_point> candles_to_points(const std::vector<candle_row>& rows,
                                          int substeps) {
  std::vector<path_point> out;
  if (rows.empty()) return out;
  int s = std::max(1, substeps);
  ms_t bar = std::numeric_limits<ms_t>::max();
  for (size_t i = 1; i < rows.size(); ++i)
    bar = std::min(bar, rows[i].ts - rows[i - 1].ts);
  if (rows.size() < 2) bar = 60000;
  const ms_t quarter = bar / 4;
  bool last_buy = true;
  int64_t last_price = rows.front().open;
  for (const auto& r : rows) {
    bool high_first = (r.high - r.open) <= (r.open - r.low);
    int64_t v[4] = {r.open, high_first ? r.high : r.low,
                    high_first ? r.low : r.high, r.close};
    const int64_t n = 1 + 3 * s;
    const int64_t per = r.volume / n;
    int64_t first_extra = r.volume - per * n;
    auto emit = [&](ms_t ts, int64_t price, int64_t size) {
      if (price > last_price)
        last_buy = true;
      else if (price < last_price)
        last_buy = false;
      last_price = price;
      out.push_back(path_point{ts, price, size, last_buy});
    };
    emit(r.ts, v[0], per + first_extra);
    for (int seg = 0; seg < 3; ++seg) {
      ms_t t0 = r.ts + quarter * seg;
      for (int j = 1; j <= s; ++j) {
        int64_t price = v[seg] + (v[seg + 1] - v[seg]) * j / s;
        emit(t0 + quarter * j / s, price, per);
      }
    }
  }
  return out;
}

std::vector<path_point> trades_to_points(const std::vector<trade_row>& rows) {
  std::vector<path_point> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(path_point{r.ts, r.price, r.qty, r.buy});
  return out;
}

price_path price_path::recorded(std::vector<path_point> points, bool loop) {
  price_path p;
  p.points_ = std::move(points);
  p.loop_ = loop;
  p.exhausted_ = p.points_.empty();
  if (p.exhausted_) return p;
  p.start_ts_ = p.points_.front().ts;
  p.load_recorded();
  return p;
}

price_path price_path::synthetic(const path_cfg& cfg, uint64_t seed,
                                 ms_t start_ts) {
  price_path p;
  p.synthetic_ = true;
  p.exhausted_ = false;
  p.cfg_ = cfg;
  p.rng_ = rng(seed);
  p.start_ts_ = start_ts;
  p.log_price_ =
      std::log(static_cast<double>(std::max<int64_t>(1, cfg.start_price)));
  p.anchor_ = p.log_price_;
  p.next_ = path_point{start_ts, std::max<int64_t>(1, cfg.start_price),
                       std::max<int64_t>(1, cfg.trade_size), true};
  return p;
}

void price_path::load_recorded() {
  const auto& src = points_[index_];
  next_ = src;
  next_.ts += time_shift_;
  next_.price = std::max<int64_t>(1, src.price + price_shift_);
}

void price_path::pop() {
  if (exhausted_) return;
  if (synthetic_) {
    step_synthetic();
    return;
  }
  if (index_ + 1 < points_.size()) {
    ++index_;
    load_recorded();
    return;
  }
  if (!loop_) {
    exhausted_ = true;
    return;
  }
  // Replay from the start, continuing in time and from the current price.
  const ms_t span = points_.back().ts - points_.front().ts;
  const ms_t gap =
      points_.size() > 1
          ? std::max<ms_t>(1, span / static_cast<ms_t>(points_.size() - 1))
          : 1000;
  time_shift_ += span + gap;
  price_shift_ = next_.price - points_.front().price;
  index_ = 0;
  load_recorded();
}

void price_path::step_synthetic() {
  ++step_count_;
  const double step = static_cast<double>(cfg_.step_ms);
  const double dt_years = step / (365.0 * 86400000.0);
  const double sigma = cfg_.annual_vol * std::sqrt(dt_years);
  const double drift = cfg_.trend_per_day * step / 86400000.0;
  regime r = cfg_.kind;
  double sign = 1.0;
  if (r == regime::mixed) {
    const int64_t steps_per_regime =
        std::max<int64_t>(1, cfg_.regime_ms / cfg_.step_ms);
    const int64_t phase = (step_count_ / steps_per_regime) % 4;
    if (step_count_ % steps_per_regime == 0) anchor_ = log_price_;
    static const regime phases[4] = {regime::trend, regime::range,
                                     regime::trend, regime::jumps};
    r = phases[phase];
    sign = phase == 2 ? -1.0 : 1.0;
  }
  const double z = rng_.normal();
  double dx = sigma * z;
  switch (r) {
  case regime::trend:
    dx += sign * drift;
    break;
  case regime::range: {
    const double kappa = cfg_.reversion_per_hour * step / 3600000.0;
    dx -= std::min(1.0, kappa) * (log_price_ - anchor_);
    break;
  }
  case regime::jumps:
    if (rng_.uniform() < cfg_.jump_prob)
      dx += (rng_.uniform() < 0.5 ? -1.0 : 1.0) * cfg_.jump_bps / 10000.0;
    break;
  case regime::mixed:
    break;
  }
  log_price_ += dx;
  const int64_t price =
      std::max<int64_t>(1, std::llround(std::exp(log_price_)));
  const double u = rng_.uniform();
  const int64_t size =
      std::max<int64_t>(1, std::llround(static_cast<double>(cfg_.trade_size) *
                                        -std::log(1.0 - u)));
  bool buy = price > next_.price   ? true
             : price < next_.price ? false
                                   : rng_.uniform() < 0.5;
  next_ = path_point{next_.ts + cfg_.step_ms, price, size, buy};
}

std::variant<std::string, file_error> read_file_text(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return file_error{"cannot open " + path};
  std::string out;
  char buf[65536];
  while (true) {
    int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      gzclose(f);
      return file_error{"cannot read " + path};
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  gzclose(f);
  return out;
}

std::variant<price_path, std::string> make_path(const market_cfg& m,
                                                uint64_t seed, ms_t start_ts) {
  const auto& pc = m.path;
  if (pc.source == path_source::synthetic)
    return price_path::synthetic(
        pc, hash3(seed, 0x9a7, static_cast<uint64_t>(m.market_id)), start_ts);
  auto text = read_file_text(pc.file);
  if (auto* e = std::get_if<file_error>(&text)) return e->message;
  const auto& body = std::get<std::string>(text);
  std::vector<path_point> points;
  if (pc.source == path_source::candles) {
    auto rows = parse_candle_csv(body, m.price_decimals, m.size_decimals);
    if (auto* e = std::get_if<std::string>(&rows)) return pc.file + ": " + *e;
    points = candles_to_points(std::get<0>(rows), pc.candle_substeps);
  } else {
    auto rows = parse_trade_csv(body, m.price_decimals, m.size_decimals);
    if (auto* e = std::get_if<std::string>(&rows)) return pc.file + ": " + *e;
    points = trades_to_points(std::get<0>(rows));
  }
  return price_path::recorded(std::move(points), pc.loop);
}

} // namespace trailgrid::sim
