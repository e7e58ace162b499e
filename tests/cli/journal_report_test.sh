#!/usr/bin/env bash
# gridbot report and gridbot journal export on the journal of a real paper
# run: gridbot run --dry-run trades on paper against lighter-sim (real
# candles, 60x) until both markets have filled, then
#   * `gridbot report` writes one self-contained HTML page per market with
#     the charts and the markout table, and the markouts as CSV whose totals
#     count every fill the run's summary counted;
#   * `gridbot journal export --csv` writes every entry, and --fills every
#     fill with its markouts.
#
# usage: journal_report_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1"
build="$2"

fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
sim_pid=""
cleanup() {
  if [[ -n "$sim_pid" ]] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=../support/demo_sim.sh
source "$src/tests/support/demo_sim.sh"

start_demo_sim

demo_bot_config "$tmp/bot.toml"
cat >>"$tmp/bot.toml" <<CFG
[runtime]
log_dir = "$tmp/logs"
journal_path = "$tmp/journal/gridbot.journal"
admin_port = 0
CFG
(cd "$tmp" && "$build/bin/gridbot" run --config "$tmp/bot.toml" --dry-run \
  --new-session --rest-url "$rest_url" --ws-url "$ws_url" --duration 75 \
  --summary-json "$tmp/summary.json" >"$tmp/bot.out" 2>&1) ||
  fail "gridbot run --dry-run failed: $(tail -20 "$tmp/bot.out")"
journal="$tmp/journal/gridbot.journal.paper"
[[ -s "$journal" ]] || fail "no paper journal at $journal"

# 1. The report: one page per market, summary on stdout.
"$build/bin/gridbot" report --journal "$journal" --out "$tmp/report.html" \
  --markouts-csv "$tmp/markouts.csv" --fills-csv "$tmp/fills.csv" \
  >"$tmp/report.out" 2>&1 || fail "gridbot report: $(cat "$tmp/report.out")"
for m in BTC ETH; do
  page="$tmp/report-$m.html"
  [[ -s "$page" ]] || fail "no report page for $m: $(cat "$tmp/report.out")"
  grep -q '^<!DOCTYPE html>' "$page" || fail "$page is not HTML"
  grep -q "trailgrid paper run: $m" "$page" || fail "$page has no title"
  grep -q '<h2>Markouts</h2>' "$page" || fail "$page has no markout section"
  grep -q 'class="mk"' "$page" || fail "$page has no markout table"
  for banned in '<script' '<link' '<img' 'src=' 'href='; do
    grep -q -- "$banned" "$page" && fail "$page is not self-contained ($banned)"
  done
  [[ $(grep -c '<svg' "$page") -eq 4 ]] || fail "$page lacks its 4 charts"
done
grep -q '^  fills ' "$tmp/report.out" || fail "no summary printed"

# 2. Markout totals count every fill of the run (the summary's fills).
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq not installed"; exit 77; }
for m in BTC ETH; do
  want=$(jq -r ".markets[] | select(.symbol == \"$m\") | .fills" "$tmp/summary.json")
  got=$(awk -F, -v m="$m" '$1 == m && $2 == "all" && $3 == "both" { print $4 }' \
    "$tmp/markouts.csv")
  [[ -n "$want" && "$want" -gt 0 ]] || fail "$m did not fill in 75 s: $(cat "$tmp/summary.json")"
  [[ "$got" == "$want" ]] || fail "$m: markouts count $got fills, the run $want"
  measured=$(awk -F, -v m="$m" '$1 == m && $2 == "all" && $3 == "both" { print $5 }' \
    "$tmp/markouts.csv")
  [[ "$measured" -gt 0 ]] || fail "$m: no fill measured at 1 s"
done
head -1 "$tmp/markouts.csv" | grep -q '^market,source,side,fills,1s_fills,1s_mean_bps' ||
  fail "markouts CSV header: $(head -1 "$tmp/markouts.csv")"
[[ $(($(wc -l <"$tmp/fills.csv") - 1)) -eq \
  $(jq '[.markets[].fills] | add' "$tmp/summary.json") ]] ||
  fail "fills CSV does not list every fill"

# 3. The CSV export: one line per entry, fills with human prices.
"$build/bin/gridbot" journal export --csv --journal "$journal" --out "$tmp/all.csv" ||
  fail "gridbot journal export failed"
head -1 "$tmp/all.csv" | grep -q '^seq,ts_ms,utc,kind,market,' || fail "export header"
grep -q ',fill,BTC,' "$tmp/all.csv" || fail "no BTC fill in the export"
grep -q ',book,ETH,' "$tmp/all.csv" || fail "no ETH book sample in the export"
grep -q ',reset,BTC,.*,filled_price,' "$tmp/all.csv" || fail "resets lack their source"
"$build/bin/gridbot" journal export --csv --fills --journal "$journal" \
  --market ETH >"$tmp/eth.csv" || fail "gridbot journal export --fills failed"
cut -d, -f1 "$tmp/eth.csv" | tail -n +2 | sort -u | grep -qx ETH || fail "--market ETH"
[[ $(cut -d, -f1 "$tmp/eth.csv" | tail -n +2 | sort -u | wc -l) -eq 1 ]] ||
  fail "--market ETH exported other markets"
echo "journal report: pages, markouts and CSV exports of a paper run check out"
