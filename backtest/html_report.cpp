#include "backtest/html_report.hpp"

#include "backtest/report_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

namespace trailgrid::backtest {

namespace {

constexpr double chart_w = 1200, pad_l = 90, pad_r = 20, pad_t = 24, pad_b = 28;

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
    case '<':
      o += "&lt;";
      break;
    case '>':
      o += "&gt;";
      break;
    case '&':
      o += "&amp;";
      break;
    case '"':
      o += "&quot;";
      break;
    default:
      o += c;
    }
  }
  return o;
}

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// Maps data to one SVG panel of height `h`.
struct panel {
  double h;
  int64_t t0, t1;
  double lo, hi;
  std::string title;

  double x(int64_t t) const {
    double span = static_cast<double>(std::max<int64_t>(t1 - t0, 1));
    return pad_l +
           (chart_w - pad_l - pad_r) * static_cast<double>(t - t0) / span;
  }
  double y(double v) const {
    double span = hi > lo ? hi - lo : 1;
    return pad_t + (h - pad_t - pad_b) * (1 - (v - lo) / span);
  }
};

// Axes, grid lines, labels (values through `label`).
std::string frame(const panel& p,
                  const std::function<std::string(double)>& label) {
  std::string s = "<svg viewBox=\"0 0 " + fmt(chart_w) + " " + fmt(p.h) +
                  "\" width=\"" + fmt(chart_w) + "\" height=\"" + fmt(p.h) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  s += "<text x=\"" + fmt(pad_l) + "\" y=\"16\" class=\"t\">" + esc(p.title) +
       "</text>\n";
  for (int i = 0; i <= 4; ++i) {
    double v = p.lo + (p.hi - p.lo) * i / 4.0;
    double y = p.y(v);
    s += "<line x1=\"" + fmt(pad_l) + "\" x2=\"" + fmt(chart_w - pad_r) +
         "\" y1=\"" + fmt(y) + "\" y2=\"" + fmt(y) + "\" class=\"g\"/>";
    s += "<text x=\"" + fmt(pad_l - 6) + "\" y=\"" + fmt(y + 4) +
         "\" class=\"l\" text-anchor=\"end\">" + esc(label(v)) + "</text>\n";
  }
  for (int i = 0; i <= 4; ++i) {
    int64_t t = p.t0 + (p.t1 - p.t0) * i / 4;
    double x = p.x(t);
    auto anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
    s += "<line x1=\"" + fmt(x) + "\" x2=\"" + fmt(x) + "\" y1=\"" +
         fmt(pad_t) + "\" y2=\"" + fmt(p.h - pad_b) + "\" class=\"g\"/>";
    s += "<text x=\"" + fmt(x) + "\" y=\"" + fmt(p.h - 8) +
         "\" class=\"l\" text-anchor=\"" + anchor + "\">" +
         utc_time(t).substr(0, 16) + "</text>\n";
  }
  return s;
}

std::string polyline(const panel& p, const std::vector<series_point>& s,
                     const std::function<double(const series_point&)>& v,
                     const char* cls, bool step = false) {
  std::string pts;
  pts.reserve(s.size() * 14);
  double prev_y = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    double x = p.x(s[i].ts), y = p.y(v(s[i]));
    if (step && i > 0) pts += fmt(x) + "," + fmt(prev_y) + " ";
    pts += fmt(x) + "," + fmt(y) + " ";
    prev_y = y;
  }
  return std::string("<polyline class=\"") + cls + "\" points=\"" + pts +
         "\"/>\n";
}

void bounds(const std::vector<series_point>& s,
            const std::function<double(const series_point&)>& v, double& lo,
            double& hi) {
  for (const auto& p : s) {
    lo = std::min(lo, v(p));
    hi = std::max(hi, v(p));
  }
  if (hi <= lo) {
    hi = lo + 1;
    lo -= 1;
  }
  double m = (hi - lo) * 0.04;
  lo -= m;
  hi += m;
}

std::string row(const std::string& k, const std::string& v) {
  return "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>\n";
}

} // namespace

std::string html_report(const backtest_result& r, const run_config& cfg) {
  const auto& s = r.series;
  const double pscale = std::pow(10.0, r.price_decimals);
  const double qscale = std::pow(10.0, r.size_decimals);
  const double mscale = std::pow(10.0, r.price_decimals + r.size_decimals);
  auto money = [&](double v) { return number_to_string(v, 6); };
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>trailgrid backtest " +
      esc(r.symbol) +
      "</title>\n<style>\n"
      "body{font:14px/1.4 sans-serif;margin:16px;color:#222;background:#fff}\n"
      "h1{font-size:20px} table{border-collapse:collapse;margin:8px 0}\n"
      "th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}\n"
      "th{background:#f4f4f4;font-weight:normal}\n"
      "svg{display:block;margin:6px 0;border:1px solid #ddd}\n"
      ".t{font-size:14px;font-weight:bold;fill:#222}"
      ".l{font-size:11px;fill:#555}.g{stroke:#eee;stroke-width:1}\n"
      ".price{fill:none;stroke:#1f4e9c;stroke-width:1}"
      ".band{fill:none;stroke:#9db3d9;stroke-width:1}"
      ".centre{fill:none;stroke:#e08a00;stroke-width:1;stroke-dasharray:4 2}\n"
      ".pos{fill:none;stroke:#6a3d9a;stroke-width:1.2}"
      ".eq{fill:none;stroke:#137333;stroke-width:1.2}"
      ".dd{fill:none;stroke:#c5221f;stroke-width:1}"
      ".zero{stroke:#999;stroke-width:1}\n"
      ".buy{fill:#137333;opacity:.55}.sell{fill:#c5221f;opacity:.55}"
      ".bar{fill:#5f6b7a}\n"
      ".cols{display:flex;gap:24px;flex-wrap:wrap}\n"
      "</style></head><body>\n";
  h += "<h1>trailgrid backtest: " + esc(r.symbol) + " &mdash; " +
       esc(std::string(strategy::to_string(cfg.params.grid.centre_source))) +
       "</h1>\n<p>" + esc(r.source) + " (" +
       esc(std::string(to_string(r.kind))) + ", " + std::to_string(r.rows) +
       " rows, " + utc_time(r.first_ts) + " &rarr; " + utc_time(r.end_ts) +
       " UTC)</p>\n";
  if (!r.error.empty()) h += "<p><b>Error:</b> " + esc(r.error) + "</p>\n";
  if (!s.empty()) {
    const int64_t t0 = s.front().ts, t1 = r.end_ts;
    // Price, band, centre, fills.
    double lo = 1e300, hi = -1e300;
    bounds(
        s, [&](const series_point& p) { return p.low.value / pscale; }, lo, hi);
    bounds(
        s, [&](const series_point& p) { return p.high.value / pscale; }, lo,
        hi);
    panel pp{340,
             t0,
             t1,
             lo,
             hi,
             "Price (line: close, light: bucket high/low), grid centre "
             "(dashed), fills (green buy, red sell)"};
    h += frame(pp, [&](double v) { return number_to_string(v, 7); });
    h += polyline(
        pp, s, [&](auto& p) { return p.high.value / pscale; }, "band");
    h += polyline(
        pp, s, [&](auto& p) { return p.low.value / pscale; }, "band");
    h += polyline(
        pp, s, [&](auto& p) { return p.close.value / pscale; }, "price");
    std::vector<series_point> centred;
    for (const auto& p : s)
      if (p.centre.value > 0) centred.push_back(p);
    if (!centred.empty())
      h += polyline(
          pp, centred, [&](auto& p) { return p.centre.value / pscale; },
          "centre", true);
    for (const auto& p : s) {
      if (p.buys > 0)
        h += "<circle class=\"buy\" r=\"1.6\" cx=\"" + fmt(pp.x(p.ts)) +
             "\" cy=\"" + fmt(pp.y(p.buy_price.value / pscale)) + "\"/>";
      if (p.sells > 0)
        h += "<circle class=\"sell\" r=\"1.6\" cx=\"" + fmt(pp.x(p.ts)) +
             "\" cy=\"" + fmt(pp.y(p.sell_price.value / pscale)) + "\"/>";
    }
    h += "\n</svg>\n";
    // Inventory.
    lo = 0, hi = 0;
    bounds(
        s, [&](const series_point& p) { return p.position.value / qscale; }, lo,
        hi);
    panel ip{170, t0, t1, lo, hi, "Inventory (position, base units)"};
    h += frame(ip, [&](double v) { return number_to_string(v, 4); });
    h += "<line class=\"zero\" x1=\"" + fmt(pad_l) + "\" x2=\"" +
         fmt(chart_w - pad_r) + "\" y1=\"" + fmt(ip.y(0)) + "\" y2=\"" +
         fmt(ip.y(0)) + "\"/>\n";
    h += polyline(
        ip, s, [&](auto& p) { return p.position.value / qscale; }, "pos", true);
    h += "</svg>\n";
    // Equity and drawdown.
    lo = 0, hi = 0;
    bounds(
        s, [&](const series_point& p) { return p.equity.value / mscale; }, lo,
        hi);
    bounds(
        s, [&](const series_point& p) { return -p.drawdown.value / mscale; },
        lo, hi);
    panel ep{220,
             t0,
             t1,
             lo,
             hi,
             "Net PnL / equity (green) and drawdown below the peak (red, "
             "negative), quote"};
    h += frame(ep, money);
    h += "<line class=\"zero\" x1=\"" + fmt(pad_l) + "\" x2=\"" +
         fmt(chart_w - pad_r) + "\" y1=\"" + fmt(ep.y(0)) + "\" y2=\"" +
         fmt(ep.y(0)) + "\"/>\n";
    h += polyline(
        ep, s, [&](auto& p) { return p.equity.value / mscale; }, "eq");
    h += polyline(
        ep, s, [&](auto& p) { return -p.drawdown.value / mscale; }, "dd");
    h += "</svg>\n";
    // Resets per hour, per bucket.
    const double bucket_h = s.size() > 1
                                ? static_cast<double>(s[1].ts - s[0].ts) / 3.6e6
                                : std::max(r.trading_hours(), 1e-9);
    auto rate = [&](const series_point& p) {
      return static_cast<double>(p.resets) / bucket_h;
    };
    lo = 0, hi = 0;
    bounds(s, rate, lo, hi);
    lo = 0;
    panel rp{170, t0, t1, lo, hi, "Resets per hour"};
    h += frame(rp, [&](double v) { return number_to_string(v, 4); });
    const double bw = std::max(1.0, (chart_w - pad_l - pad_r) /
                                        static_cast<double>(s.size()));
    for (const auto& p : s) {
      if (p.resets == 0) continue;
      double y = rp.y(rate(p));
      h += "<rect class=\"bar\" x=\"" + fmt(rp.x(p.ts)) + "\" y=\"" + fmt(y) +
           "\" width=\"" + fmt(bw) + "\" height=\"" + fmt(rp.y(0) - y) + "\"/>";
    }
    h += "\n</svg>\n";
  }
  // Summary and configuration.
  const auto& c = r.counters;
  h += "<div class=\"cols\"><div><h2>Summary</h2><table>\n";
  h += row("traded", number_to_string(r.trading_hours(), 6) + " h from " +
                         utc_time(r.trading_ts) + " UTC");
  h += row("fills", std::to_string(r.fills));
  h += row("resets", std::to_string(r.resets));
  h += row("resets per hour", number_to_string(r.resets_per_hour(), 5));
  h += row("volume (quote)", quote_text(r, r.volume));
  h += row("fees (quote)", quote_text(r, r.fees));
  h += row("realized PnL", quote_text(r, r.realized));
  h += row("unrealized PnL", quote_text(r, r.unrealized));
  h += row("funding", quote_text(r, r.funding));
  h += row("net PnL", quote_text(r, r.net));
  h += row("max drawdown", quote_text(r, r.max_drawdown));
  h += row("max |position|", qty_text(r, r.max_abs_position));
  h += row("final position", qty_text(r, r.final_position));
  h += row("sanity guard fallbacks", std::to_string(c.guard_fallbacks));
  h += row("source fallbacks", std::to_string(c.source_fallbacks));
  h += row("trailing shifts", std::to_string(c.trailing_shifts));
  h += row("deferred resets (rate limit)", std::to_string(c.deferred_resets));
  h += row("coalesced fills", std::to_string(c.coalesced_fills));
  h += row("breaker trips", std::to_string(c.breaker_trips));
  h += row("drawdown stops", std::to_string(c.drawdown_stops));
  h += row("post-only rejects", std::to_string(r.post_only_rejects));
  h += row("events", std::to_string(r.events));
  h += "</table></div>\n<div><h2>Configuration</h2><pre>" +
       esc(result_json(r, cfg, false)
               .substr(result_json(r, cfg, false).find("\"config\""))) +
       "</pre></div></div>\n";
  h += "<p class=\"l\">Generated by gridbot backtest. Models: "
       "docs/backtest.md.</p>\n</body></html>\n";
  return h;
}

} // namespace trailgrid::backtest
