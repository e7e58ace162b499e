#!/usr/bin/env bash
# The monitoring set of deploy/ against a real node: gridbot run trades on a
# local lighter-sim (real candles, 60x) with its metrics endpoint on, and
#   * `promtool check metrics` accepts its /metrics exposition,
#   * `promtool check rules` accepts deploy/prometheus/alerts.yml,
#     `promtool test rules` runs deploy/prometheus/alerts_test.yml and
#     `promtool check config` accepts the example prometheus.yml,
#   * every trailgrid_* metric the rules and the Grafana dashboard use is in
#     that exposition (a renamed metric must not silently blind an alert),
#   * /metrics answers only the bearer token of metrics_token_file (401
#     without it or with a wrong one),
#   * the dashboard is valid JSON with an importable shape, and each of its
#     queries is valid PromQL that finds data in that exposition.
# Without promtool (Debian: apt-get install prometheus) the promtool steps
# are skipped loudly and the test exits 77 (CTest: skipped) after the rest.
#
# usage: metrics_test.sh SOURCE_DIR BUILD_DIR [KEEP_DIR]
set -euo pipefail
src="$1"
build="$2"
keep="${3:-}"

fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
sim_pid=""
bot_pid=""
cleanup() {
  for p in $bot_pid $sim_pid; do
    if kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=../support/demo_sim.sh
source "$src/tests/support/demo_sim.sh"

rules="$src/deploy/prometheus/alerts.yml"
rules_test="$src/deploy/prometheus/alerts_test.yml"
dashboard="$src/deploy/grafana/trailgrid-dashboard.json"
for f in "$rules" "$rules_test" "$dashboard"; do
  [[ -f "$f" ]] || fail "missing $f"
done

# A free TCP port on loopback (nothing listens on it right now).
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 30000))
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then
      echo "$p"
      return
    fi
  done
  fail "no free port found"
}

# 1. lighter-sim with the demo markets and a throwaway key.
eval "$("$build/bin/gridbot" keygen)"
start_demo_sim --register-key "$LIGHTER_PUBLIC_KEY:100:4"

# 2. gridbot run, all-in-one, metrics on.
metrics_port=$(free_port)
admin_port=$(free_port)
demo_bot_config "$tmp/bot.toml"
cat >>"$tmp/bot.toml" <<CFG
[runtime]
node_name = "metrics-test"
log_dir = "$tmp/logs"
journal_path = "$tmp/journal/gridbot.journal"
admin_port = $admin_port
admin_token_file = "$tmp/admin.token"
metrics_port = $metrics_port
metrics_token_file = "$tmp/metrics.token"
CFG
(cd "$tmp" && LIGHTER_PRIVATE_KEY="$LIGHTER_PRIVATE_KEY" exec "$build/bin/gridbot" run \
  --config "$tmp/bot.toml" --rest-url "$rest_url" --ws-url "$ws_url" \
  --duration 120 >"$tmp/bot.out" 2>&1) &
bot_pid=$!
unset LIGHTER_PRIVATE_KEY

# Until both markets have filled and reset (the histogram, PnL and fill
# counters carry real values), at most 90 s.
exposition="$tmp/metrics.txt"
ready=0
for _ in $(seq 180); do
  kill -0 "$bot_pid" 2>/dev/null || fail "gridbot exited early: $(tail -30 "$tmp/bot.out")"
  [[ -s "$tmp/metrics.token" ]] || { sleep 0.5; continue; }
  if curl -fsS --max-time 2 -H "Authorization: Bearer $(cat "$tmp/metrics.token")" \
    "http://127.0.0.1:$metrics_port/metrics" >"$exposition" 2>/dev/null; then
    filled=$(grep -cE '^trailgrid_fills_total\{.*kind="grid"\} [1-9]' "$exposition" || true)
    if [[ "$filled" -ge 2 ]] &&
      grep -qE '^trailgrid_reset_latency_seconds_count\{.*\} [1-9]' "$exposition"; then
      ready=1
      break
    fi
  fi
  sleep 0.5
done
[[ $ready -eq 1 ]] || fail "no fills on both markets within 90 s: $(tail -20 "$tmp/bot.out")"
[[ -n "$keep" ]] && cp "$exposition" "$keep"
grep -q '^# TYPE trailgrid_actor_up gauge' "$exposition" || fail "no trailgrid_actor_up"
# The token file is private, and /metrics answers nobody without it.
[[ $(stat -c %a "$tmp/metrics.token") == 600 ]] || fail "metrics.token is not mode 600"
for auth in "" "Authorization: Bearer wrong-token-0123456789"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 ${auth:+-H "$auth"} \
    "http://127.0.0.1:$metrics_port/metrics")
  [[ "$code" == 401 ]] || fail "/metrics answered $code to '${auth:-no token}'"
done

# 3. Every trailgrid_* name of the rules and the dashboard is exported.
# Names in the exposition: sample names and family names (histograms add
# _bucket, _sum and _count to the family).
exported=$(sed -n 's/^\(trailgrid_[a-zA-Z0-9_]*\).*/\1/p; s/^# TYPE \(trailgrid_[a-zA-Z0-9_]*\) .*/\1/p' \
  "$exposition" | sort -u)
used=$(cat "$rules" "$dashboard" | grep -oE 'trailgrid_[a-zA-Z0-9_]+' | sort -u)
[[ -n "$used" ]] || fail "the rules and the dashboard use no trailgrid_* metric"
missing=""
for m in $used; do
  grep -qx "$m" <<<"$exported" || missing+=" $m"
done
[[ -z "$missing" ]] ||
  fail "used by the rules or the dashboard but not exported by gridbot:$missing"
# Label values the rules select on must exist too (kind, figure, state).
for pair in $(cat "$rules" "$dashboard" | grep -oE '(kind|figure|state|reason)=\\?"[a-z_.]+\\?"' |
  tr -d '\\' | sort -u); do
  grep -qF "$pair" "$exposition" || missing+=" $pair"
done
[[ -z "$missing" ]] ||
  fail "label values selected by the rules or the dashboard never exported:$missing"

# 4. The dashboard: JSON with panels whose queries use our metrics.
if command -v jq >/dev/null 2>&1; then
  jq -e '.title and (.panels | length > 0) and ([.panels[] | select(.targets) | .targets[].expr] | length > 0)
         and .schemaVersion and (.templating.list | length > 0)' \
    "$dashboard" >/dev/null || fail "$dashboard is not an importable dashboard"
else
  echo "note: jq not installed, dashboard shape not checked"
fi

# 5. promtool.
if ! command -v promtool >/dev/null 2>&1; then
  echo "SKIP: promtool not installed (Debian: apt-get install prometheus):" \
    "the exposition, rules and rule tests were NOT checked by promtool;" \
    "the metric names were"
  exit 77
fi
promtool check metrics <"$exposition" >"$tmp/lint.txt" 2>&1 ||
  fail "promtool check metrics:"$'\n'"$(cat "$tmp/lint.txt")"
promtool check rules "$rules" >"$tmp/rules.txt" 2>&1 ||
  fail "promtool check rules:"$'\n'"$(cat "$tmp/rules.txt")"
promtool check config "$src/deploy/prometheus/prometheus.yml" >"$tmp/config.txt" 2>&1 ||
  fail "promtool check config:"$'\n'"$(cat "$tmp/config.txt")"
(cd "$(dirname "$rules_test")" && promtool test rules "$(basename "$rules_test")") \
  >"$tmp/rules_test.txt" 2>&1 ||
  fail "promtool test rules:"$'\n'"$(cat "$tmp/rules_test.txt")"
# The dashboard's queries are valid PromQL and find data: each becomes a
# recording rule ($node and $market stand for every value) plus an alert
# that fires when it is empty, evaluated by `promtool test rules` over the
# node's exposition as input series. Queries that are empty on a healthy
# node by design (a "> 0" or "== 1" filter: restarts, actors not running)
# are only parsed.
if command -v jq >/dev/null 2>&1; then
  dash_rules="$tmp/dashboard_rules.yml"
  dash_test="$tmp/dashboard_test.yml"
  {
    echo "groups:"
    echo "  - name: dashboard"
    echo "    rules:"
  } >"$dash_rules"
  {
    echo "rule_files: [dashboard_rules.yml]"
    echo "evaluation_interval: 1m"
    echo "tests:"
    echo "  - interval: 1m"
    echo "    input_series:"
    grep -E '^trailgrid_[a-zA-Z0-9_]*(\{[^'"'"']*\})? [-+0-9.eE]+$' "$exposition" |
      while read -r series value; do
        echo "      - series: '$series'"
        echo "        values: '$value $value $value $value $value $value'"
      done
    echo "    alert_rule_test:"
  } >"$dash_test"
  n=0
  queries=()
  while IFS= read -r expr; do
    n=$((n + 1))
    queries+=("$expr")
    [[ "$expr" == *"'"* ]] && fail "dashboard query with a single quote: $expr"
    expr=${expr//\$node/.*}
    expr=${expr//\$market/.*}
    printf "      - record: dashboard:query_%d\n        expr: '%s'\n" "$n" "$expr" >>"$dash_rules"
    if [[ ! "$expr" =~ (\>\ 0|==\ 1)$ ]]; then
      printf "      - alert: DashboardQueryEmpty%d\n        expr: 'absent(dashboard:query_%d)'\n" \
        "$n" "$n" >>"$dash_rules"
      printf "      - eval_time: 5m\n        alertname: DashboardQueryEmpty%d\n        exp_alerts: []\n" \
        "$n" >>"$dash_test"
    fi
  done < <(jq -r '.panels[] | select(.targets) | .targets[].expr' "$dashboard")
  promtool check rules "$dash_rules" >"$tmp/dash.txt" 2>&1 ||
    fail "a dashboard query is not valid PromQL:"$'\n'"$(cat "$tmp/dash.txt")"
  if ! (cd "$tmp" && promtool test rules dashboard_test.yml) >"$tmp/dash_test.txt" 2>&1; then
    empty=$(grep -oE 'DashboardQueryEmpty[0-9]+' "$tmp/dash_test.txt" | sort -u |
      sed 's/DashboardQueryEmpty//' | while read -r k; do
        echo "  ${queries[$((k - 1))]}"
      done)
    fail "dashboard queries that find no data in a live node's metrics:"$'\n'"${empty:-$(cat "$tmp/dash_test.txt")}"
  fi
fi
echo "metrics: $(grep -c '^trailgrid_' "$exposition") samples lint-clean; $(wc -w <<<"$used") metric names of the rules and dashboard exported; rules checked and tested; dashboard queries find data"
