#include "backtest/markout.hpp"

#include "backtest/report_format.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>
#include <tuple>

namespace trailgrid::backtest {

namespace {

const char* side_name(strategy::side s) {
  return s == strategy::side::bid ? "buy" : "sell";
}

void add(markout_cell& c, const markout_sample& s, std::size_t i) {
  auto bps = markout_bps(s, i);
  if (!bps) return;
  ++c.fills;
  c.sum_bps += *bps;
  c.positive += *bps > 0 ? 1 : 0;
  c.quote2 += *markout_quote2(s, i);
}

std::string fixed(double v, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  std::string s = b;
  if (s == "-0.00" || s == "-0.0" || s == "-0") s.erase(0, 1);
  return s;
}

// quote2 (quote units x 2) as a human decimal.
std::string quote_of(int64_t quote2, int decimals) {
  // Halves need one more decimal than the quote scale.
  if (quote2 % 2 == 0) return scaled_to_string(quote2 / 2, decimals, decimals);
  return scaled_to_string(quote2 * 5, decimals + 1, decimals + 1);
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else {
      out += c;
    }
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

std::string horizon_name(std::size_t i) {
  return std::to_string(markout_horizons_ms[i] / 1000) + "s";
}

struct rowkey {
  int group; ///< 0: a source, 1: totals
  std::string source;
  int side; ///< 0 buy, 1 sell, 2 both
  bool operator<(const rowkey& o) const {
    return std::tie(group, source, side) < std::tie(o.group, o.source, o.side);
  }
};

} // namespace

std::optional<double> markout_bps(const markout_sample& s, std::size_t i) {
  const auto& m = s.mid2.at(i);
  if (!m || s.price.value <= 0) return std::nullopt;
  const double p2 = 2.0 * static_cast<double>(s.price.value);
  const double d = static_cast<double>(*m) - p2;
  return (s.side == strategy::side::bid ? d : -d) / p2 * 1e4;
}

std::optional<int64_t> markout_quote2(const markout_sample& s, std::size_t i) {
  const auto& m = s.mid2.at(i);
  if (!m) return std::nullopt;
  const int64_t d = (*m - 2 * s.price.value) * s.size.value;
  return s.side == strategy::side::bid ? d : -d;
}

double markout_cell::mean_bps() const {
  return fills > 0 ? sum_bps / static_cast<double>(fills) : 0.0;
}

double markout_cell::positive_share() const {
  return fills > 0 ? static_cast<double>(positive) / static_cast<double>(fills)
                   : 0.0;
}

markout_table summarize_markouts(const std::vector<markout_sample>& samples) {
  std::map<rowkey, markout_row> rows;
  auto row = [&](rowkey k, const std::string& source,
                 const char* side) -> markout_row& {
    auto [it, fresh] = rows.try_emplace(std::move(k));
    if (fresh) {
      it->second.source = source;
      it->second.side = side;
    }
    return it->second;
  };
  for (const auto& s : samples) {
    const int sd = s.side == strategy::side::bid ? 0 : 1;
    auto source = s.source.empty() ? std::string{"unknown"} : s.source;
    markout_row* targets[] = {
        &row({0, source, sd}, source, side_name(s.side)),
        &row({1, "", sd}, "all", side_name(s.side)),
        &row({1, "", 2}, "all", "both"),
    };
    for (auto* r : targets) {
      ++r->fills;
      for (std::size_t i = 0; i < markout_horizons; ++i)
        add(r->at[i], s, i);
    }
  }
  markout_table t;
  for (auto& [k, r] : rows)
    t.rows.push_back(std::move(r));
  return t;
}

void attach_mids(std::vector<markout_sample>& fills,
                 const std::vector<mid_point>& mids, int64_t end_ms) {
  for (auto& f : fills) {
    for (std::size_t i = 0; i < markout_horizons; ++i) {
      const int64_t at = f.ts_ms + markout_horizons_ms[i];
      f.mid2[i].reset();
      if (at > end_ms) continue;
      auto it = std::upper_bound(
          mids.begin(), mids.end(), at,
          [](int64_t t, const mid_point& m) { return t < m.ts_ms; });
      if (it == mids.begin()) continue; // before the first mid
      f.mid2[i] = std::prev(it)->mid2;
    }
  }
}

std::string markout_csv(const markout_table& t, int quote_decimals) {
  std::string out = "source,side,fills";
  for (std::size_t i = 0; i < markout_horizons; ++i) {
    auto h = horizon_name(i);
    out += "," + h + "_fills," + h + "_mean_bps," + h + "_positive_share," + h +
           "_quote";
  }
  out += "\n";
  for (const auto& r : t.rows) {
    out += r.source + "," + r.side + "," + std::to_string(r.fills);
    for (const auto& c : r.at)
      out += "," + std::to_string(c.fills) + "," + fixed(c.mean_bps(), 3) +
             "," + fixed(c.positive_share(), 4) + "," +
             quote_of(c.quote2, quote_decimals);
    out += "\n";
  }
  return out;
}

std::string markout_json(const markout_table& t, int quote_decimals) {
  std::string out = "[";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    out += std::string{r ? ",\n" : "\n"} + "    {\"source\": \"" +
           json_escape(row.source) + "\", \"side\": \"" + row.side +
           "\", \"fills\": " + std::to_string(row.fills);
    for (std::size_t i = 0; i < markout_horizons; ++i) {
      const auto& c = row.at[i];
      out += ", \"" + horizon_name(i) +
             "\": {\"fills\": " + std::to_string(c.fills) +
             ", \"mean_bps\": " + fixed(c.mean_bps(), 4) +
             ", \"positive_share\": " + fixed(c.positive_share(), 4) +
             ", \"quote\": " + quote_of(c.quote2, quote_decimals) + "}";
    }
    out += "}";
  }
  return out + (t.rows.empty() ? "]" : "\n  ]");
}

std::string markout_text(const markout_table& t, int quote_decimals) {
  if (t.empty()) return "markouts: no fills\n";
  char line[256];
  std::string out =
      "markouts (mean bps, share positive, quote) after a fill:\n";
  std::snprintf(line, sizeof line, "  %-14s %-5s %6s", "source", "side",
                "fills");
  out += line;
  for (std::size_t i = 0; i < markout_horizons; ++i) {
    std::snprintf(line, sizeof line, "  %28s", horizon_name(i).c_str());
    out += line;
  }
  out += "\n";
  for (const auto& r : t.rows) {
    std::snprintf(line, sizeof line, "  %-14s %-5s %6lld", r.source.c_str(),
                  r.side.c_str(), static_cast<long long>(r.fills));
    out += line;
    for (const auto& c : r.at) {
      auto cell = c.fills == 0 ? std::string{"-"}
                               : fixed(c.mean_bps(), 2) + " bps " +
                                     fixed(100 * c.positive_share(), 0) + "% " +
                                     quote_of(c.quote2, quote_decimals);
      std::snprintf(line, sizeof line, "  %28s", cell.c_str());
      out += line;
    }
    out += "\n";
  }
  return out;
}

std::string markout_html(const markout_table& t, int quote_decimals) {
  if (t.empty()) return "<p>No fills: no markouts.</p>\n";
  std::string h = "<table class=\"mk\">\n<tr><th rowspan=\"2\">centre "
                  "source</th><th rowspan=\"2\">side</th><th "
                  "rowspan=\"2\">fills</th>";
  for (std::size_t i = 0; i < markout_horizons; ++i)
    h += "<th colspan=\"3\">after " + horizon_name(i) + "</th>";
  h += "</tr>\n<tr>";
  for (std::size_t i = 0; i < markout_horizons; ++i)
    h += "<th>mean bps</th><th>positive</th><th>quote</th>";
  h += "</tr>\n";
  for (const auto& r : t.rows) {
    const bool total = r.source == "all";
    h += std::string{"<tr"} + (total ? " class=\"tot\"" : "") + "><td>" +
         html_escape(r.source) + "</td><td>" + r.side + "</td><td>" +
         std::to_string(r.fills) + "</td>";
    for (const auto& c : r.at) {
      if (c.fills == 0) {
        h += "<td>-</td><td>-</td><td>-</td>";
        continue;
      }
      h += std::string{"<td class=\""} +
           (c.mean_bps() < 0 ? "mkneg" : "mkpos") + "\">" +
           fixed(c.mean_bps(), 2) + "</td><td>" +
           fixed(100 * c.positive_share(), 0) + " % of " +
           std::to_string(c.fills) + "</td><td>" +
           quote_of(c.quote2, quote_decimals) + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</table>\n";
  return h;
}

void markout_recorder::fill(int64_t ts_ms, strategy::side side,
                            strategy::price_ticks price,
                            strategy::qty_lots size, std::string source) {
  markout_sample s;
  s.ts_ms = ts_ms;
  s.side = side;
  s.price = price;
  s.size = size;
  s.source = std::move(source);
  samples_.push_back(std::move(s));
  auto later = [](const due& a, const due& b) {
    return std::tie(a.at, a.sample) > std::tie(b.at, b.sample);
  };
  for (std::size_t i = 0; i < markout_horizons; ++i) {
    due_.push_back({ts_ms + markout_horizons_ms[i], samples_.size() - 1, i});
    std::push_heap(due_.begin(), due_.end(), later);
  }
}

int64_t markout_recorder::next_due() const {
  return due_.empty() ? INT64_MAX : due_.front().at;
}

markout_recorder::due markout_recorder::pop() {
  auto later = [](const due& a, const due& b) {
    return std::tie(a.at, a.sample) > std::tie(b.at, b.sample);
  };
  std::pop_heap(due_.begin(), due_.end(), later);
  auto d = due_.back();
  due_.pop_back();
  return d;
}

std::vector<markout_sample> markout_recorder::finish(int64_t end_ms,
                                                     int64_t mid2) {
  while (!due_.empty() && due_.front().at <= end_ms) {
    auto d = pop();
    samples_[d.sample].mid2[d.horizon] = mid2;
  }
  due_.clear();
  return std::move(samples_);
}

} // namespace trailgrid::backtest
