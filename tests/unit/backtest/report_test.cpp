#define CAF_SUITE html_report
#include "caf/test/unit_test.hpp"

#include "backtest/engine.hpp"
#include "backtest/html_report.hpp"

#include "test_util.hpp"

using namespace trailgrid;
using namespace trailgrid::backtest;

CAF_TEST(the report is one self contained page with every chart) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  run_config cfg;
  cfg.spec = spec;
  cfg.params = test::btc_params();
  auto r = run_backtest(t, spec, cfg.params, cfg.options);
  auto html = html_report(r, cfg);
  CAF_CHECK_EQUAL(html.rfind("<!DOCTYPE html>", 0), 0u);
  CAF_CHECK(html.find("</html>") != std::string::npos);
  // Nothing is fetched: no scripts, links, images, fonts or CSS imports.
  for (const char* banned : {"<script", "<link", "<img", "<iframe",
                             "src=", "href=", "@import", "url(", "@font-face"})
    CAF_CHECK_EQUAL(html.find(banned), std::string::npos);
  std::size_t svgs = 0;
  for (auto p = html.find("<svg"); p != std::string::npos;
       p = html.find("<svg", p + 1))
    ++svgs;
  CAF_CHECK_EQUAL(svgs, 4u); // price+centre+fills, inventory, equity, resets
  for (const char* part :
       {"class=\"price\"", "class=\"centre\"", "class=\"buy\"",
        "class=\"sell\"", "class=\"pos\"", "class=\"eq\"", "class=\"dd\"",
        "class=\"bar\"", "Summary", "net PnL", "mid_price_source",
        "<h2>Markouts</h2>", "class=\"mk\"", "after 10s"})
    CAF_CHECK(html.find(part) != std::string::npos);
  // Downsampled: the size does not grow with the number of rows.
  CAF_CHECK(html.size() < 400'000u);
}
