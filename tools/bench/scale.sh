#!/usr/bin/env bash
# Scale benchmark: gridbot on 1, 10, 25 and 100 markets (one API key) of a
# local lighter-sim, no faults. Per run, after --seconds of trading the bot
# gets SIGTERM; the row shows
#   rss_mb      resident set size just before the SIGTERM
#   cpu%        the bot's CPU time / wall time over the run (100 = one core)
#   p50/p99_us  fill frame -> first batch written (summary latency: median
#               of the p50 of the markets that had a fill, worst market's p99)
#   resets/s    all markets' resets per second
#   nonce_err   invalid-nonce rejections (21104) in the simulator's record
#   quota_rej   requests refused for the quota (23000)
#   quote_s     start -> first order of the slowest market (from the record;
#               "x/N" when only x of N markets ever quoted)
#   stop_s      SIGTERM -> process exit
#   left        our orders still resting on the exchange afterwards
#   exit        gridbot's exit code
# and under it, the fills of all markets pooled: the share whose first
# batch was written within 2, 20 and 25 ms (the executors' latency
# histograms, whose buckets end there). With ~10 fills a market, the worst
# market's p99 is its slowest fill; the pooled shares say whether the
# account's p50 is under 2 ms (>= 50 %) and its p99 under 25 ms (>= 99 %).
# Then chaos_check's verdict (the bot's fills and positions against the
# simulator's record), and by the simulator's clock each fill of ours ->
# the first cancel of its market the exchange accepted (p50, p90): the
# whole reaction, of which the bot's latency above is one part.
#
# usage: tools/bench/scale.sh [--quota lifted|standard] [--seconds S]
#                             [--keys K] [--speed X] [--levels L]
#                             [--history M] [--tx-channel websocket|rest]
#                             [--tick-ms T]
#                             [N...]
#   --quota      lifted (default): the simulator and the bot's own limiter
#                allow any rate; standard: the standard tier's 60
#                requests/minute and the bot's default reset limiter
#   --seconds S  trading time per run (default 60)
#   --keys K     an API key pool of K keys (indexes 4..3+K), markets spread
#                across them (default 1: one key)
#   --speed X    the simulator's price speed (default 60: a minute of price
#                moves a second); its one io thread serves every market, so
#                100 markets need a slower speed (10) to leave it headroom
#   --levels L   grid levels per side (default 10, or fewer where the
#                markets' full grids would pass the account's 1,500 resting
#                orders: 7 at 100 markets); on the standard quota 25 markets
#                need fewer (4) to pass the pre-flight quota check
#   --history M  minutes of candles each market has from before the
#                simulator's start (default 10: as the exchange has, so the
#                bot's ATR warms up from them at once; 0: a fresh simulator,
#                where the ATR waits for its first live bars)
#   --tx-channel how resets go out (the bot's [exchange] tx_channel):
#                websocket (frames of at most 15 txs) or rest (sendTxBatch
#                requests of at most 50); default: websocket with the quota
#                lifted, the tier's choice (rest) with the standard quota
#   --tick-ms T  how often the simulator matches and publishes fills and
#                orders (its --tick-ms; default 10; books and stats keep a
#                50 ms cadence either way): fills between two ticks reach
#                the bot together at the second, so at 50 ms (the
#                simulator's own default) 100 markets' fills arrive in
#                bursts, each up to 50 ms after it happened
#   N...         market counts (default 1 10 25 100)
# Build first: tools/build --target gridbot lighter-sim gridctl chaos_check
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/chaos/lib.sh

quota=lifted seconds=60 keys=1 speed=60.0 levels="" history=10 channel="" tick_ms=10
counts=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quota) quota=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --history) history=$2; shift 2 ;;
    --tx-channel) channel=$2; shift 2 ;;
    --tick-ms) tick_ms=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    -*) echo "$0: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) counts+=("$1"); shift ;;
  esac
done
[[ "$quota" == lifted || "$quota" == standard ]] ||
  { echo "$0: --quota lifted|standard" >&2; exit 2; }
[[ ${#counts[@]} -gt 0 ]] || counts=(1 10 25 100)
need_binaries

work=$(mktemp -d -t trailgrid-scale.XXXXXX)
bot_pid=""
cleanup() {
  [[ -n "$bot_pid" ]] && kill -KILL "$bot_pid" 2>/dev/null
  stop_sim
  [[ -n "${KEEP:-}" ]] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
new_key
public_key=$LIGHTER_PUBLIC_KEY
# A pool: key 4 is the one above, 5.. get keys of their own.
pool_keys=() pool_indexes=4
if ((keys > 1)); then
  export LIGHTER_PRIVATE_KEY_4=$LIGHTER_PRIVATE_KEY
  for ((k = 5; k < 4 + keys; k++)); do
    eval "$("$bin/gridbot" keygen)"
    export "LIGHTER_PRIVATE_KEY_$k=$LIGHTER_PRIVATE_KEY"
    pool_keys+=(--register-key "$LIGHTER_PUBLIC_KEY:100:$k")
    pool_indexes+=", $k"
  done
  unset LIGHTER_PRIVATE_KEY
fi
tck=$(getconf CLK_TCK)

# Max over markets of (first order ts - start), and how many markets quoted.
first_quotes() {
  awk -v t0="$2" -v n="$3" '
    /"kind":"order"/ && /"account":100,/ {
      match($0, /"market_id":[0-9]+/); m = substr($0, RSTART + 12, RLENGTH - 12)
      match($0, /"ts":[0-9]+/); t = substr($0, RSTART + 5, RLENGTH - 5)
      if (!(m in first)) { first[m] = t; k++ }
    }
    END {
      worst = 0
      for (m in first) if (first[m] - t0 > worst) worst = first[m] - t0
      if (k < n) printf "%d/%d", k, n; else printf "%.1f", worst / 1000
    }' "$1"
}

# Values of one numeric field of every market in the summary.
summary_field() { grep -o "\"$1\":[0-9.]*" "$2" | sed 's/.*://' ; }

echo "API keys: $keys, simulator speed $speed (tick $tick_ms ms) with $history minutes of past candles, ${levels:-10 (fewer where 1,500 resting orders would not hold them: 7 at 100 markets)} levels a side, resets over ${channel:-the default channel}"
printf '%-8s %-8s %7s %6s %9s %9s %8s %9s %9s %8s %7s %5s %4s\n' markets quota \
  rss_mb cpu% p50_us p99_us resets/s nonce_err quota_rej quote_s stop_s left exit
for n in "${counts[@]}"; do
  rm -rf "$work"/journal* "$work/summary.json" "$work/sim-record.jsonl" "$work/logs"
  LIGHTER_PUBLIC_KEY=$public_key
  sim_config "$work/sim.toml" "$n" 5 "$quota" "$speed"
  sed -i "s/^\[sim\]$/[sim]\nhistory_minutes = $history/" "$work/sim.toml"
  start_sim "$work/sim.toml" "$work/sim-record.jsonl" "${pool_keys[@]}" --tick-ms "$tick_ms" \
    --market-data-every-ms 50
  bot_config "$work/bot.toml" "$n" "$work/journal" "$quota"
  # The account may have 1,500 orders resting (exchange_limits.hpp).
  lv=${levels:-$((n * 20 > 1500 ? 1500 / (2 * n) : 10))}
  sed -i "s/^levels = 10$/levels = $lv/" "$work/bot.toml"
  if [[ -n "$channel" ]]; then
    sed -i "/^tx_channel = /d; s/^\[exchange\]$/[exchange]\ntx_channel = \"$channel\"/" "$work/bot.toml"
  fi
  if ((keys > 1)); then
    sed -i "s/^api_key_index = 4$/api_key_indices = [$pool_indexes]/" "$work/bot.toml"
  fi
  t0=$(date +%s%3N)
  "$bin/gridbot" run --config "$work/bot.toml" --rest-url "$rest_url" \
    --ws-url "$ws_url" --new-session --summary-json "$work/summary.json" \
    >"$work/bot-$n.out" 2>&1 &
  bot_pid=$!
  sleep "$seconds"
  rss=0 cpu=0
  if [[ -r /proc/$bot_pid/status ]]; then
    rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$bot_pid/status")
    ticks=$(awk '{print $14 + $15}' "/proc/$bot_pid/stat")
    wall_ms=$(( $(date +%s%3N) - t0 ))
    cpu=$(awk -v t="$ticks" -v hz="$tck" -v w="$wall_ms" 'BEGIN {printf "%.0f", 100 * t / hz / (w / 1000)}')
  fi
  t_term=$(date +%s%3N)
  kill -TERM "$bot_pid" 2>/dev/null || true
  set +e
  for _ in $(seq 1200); do kill -0 "$bot_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$bot_pid" 2>/dev/null
  wait "$bot_pid"
  rc=$?
  set -e
  bot_pid=""
  stop_s=$(awk -v a="$t_term" -v b="$(date +%s%3N)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
  # A saturated simulator may not answer: the row says "?" for what the
  # record would have told.
  fetch_record "$work/sim-record.json" ||
    echo "scale: GET /sim/record failed after $n markets" >&2
  stop_sim
  check=$("$bin/chaos_check" --record "$work/sim-record.json" --journal "$work/journal" \
    --summary "$work/summary.json" --exit-code "$rc" --figures 2>&1 || true)
  echo "$check" >"$work/check-$n.txt"
  nonce=$(echo "$check" | sed -n 's/.*nonce errors (21104) \([0-9]*\).*/\1/p')
  left=$(echo "$check" | sed -n 's/.*orders resting \([0-9]*\).*/\1/p')
  quota_rej=$(echo "$check" | grep -o '23000x[0-9]*' | sed 's/.*x//' || true)
  p50=- p99=- resets_s=-
  if [[ -s "$work/summary.json" ]]; then
    # Markets without a fill have no latency: they do not count.
    measured=$(grep -o '"latency_p50_us":[0-9.]*,"latency_p99_us":[0-9.]*,"latency_samples":[0-9]*' \
      "$work/summary.json" | tr ':,' '  ' | awk '$6 > 0 {print $2, $4}' || true)
    p50=$(echo "$measured" | awk 'NF {print $1}' | sort -n |
      awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print "-"}')
    p99=$(echo "$measured" | awk 'NF {print $2}' | sort -n | tail -n1)
    resets_s=$(summary_field resets "$work/summary.json" |
      awk -v s="$seconds" '{r += $1} END {printf "%.2f", r / s}')
  fi
  quote_s=$(first_quotes "$work/sim-record.jsonl" "$t0" "$n")
  printf '%-8s %-8s %7s %6s %9s %9s %8s %9s %9s %8s %7s %5s %4s\n' "$n" "$quota" \
    "$rss" "$cpu" "${p50:--}" "${p99:--}" "$resets_s" "${nonce:-?}" "${quota_rej:-0}" \
    "$quote_s" "$stop_s" "${left:-?}" "$rc"
  cat "$work"/logs/*.log 2>/dev/null | awk '
    /\/executor \[executor/ {
      for (i = 1; i <= NF; ++i) {
        split($i, kv, "=")
        if (kv[1] == "reset_latency_us.count") n += kv[2]
        if (kv[1] == "reset_latency_us.le.2000") a += kv[2]
        if (kv[1] == "reset_latency_us.le.20000") b += kv[2]
        if (kv[1] == "reset_latency_us.le.25000") c += kv[2]
      }
    }
    END {
      if (n) printf "         all %d fills: %.1f%% within 2 ms, %.1f%% within 20 ms, %.1f%% within 25 ms\n", n, 100 * a / n, 100 * b / n, 100 * c / n
    }'
  echo "         $(echo "$check" | grep -m1 '^chaos_check:' || echo 'chaos_check: no verdict')"
  # By the simulator's clock: a fill of ours -> the first cancel of its
  # market the exchange accepted after it (what the bot's own figure does
  # not see: the fill's way to the bot, and the batch's way back).
  awk '/"account":100,/ && /"market_id":/ {
      match($0, /"market_id":[0-9]+/); m = substr($0, RSTART + 12, RLENGTH - 12)
      match($0, /"ts":[0-9]+/); t = substr($0, RSTART + 5, RLENGTH - 5)
      if ($0 ~ /"kind":"fill"/) { if (!(m in f)) f[m] = t }
      else if ($0 ~ /"status":"canceled"/ && (m in f)) { print t - f[m]; delete f[m] }
    }' "$work/sim-record.jsonl" | sort -n | awk '{ d[NR] = $1 }
    END {
      if (NR) printf "         exchange clock, fill -> first cancel accepted: p50 %d ms, p90 %d ms (%d fills)\n", d[int((NR + 1) / 2)], d[int(NR * 0.9 + 0.5)], NR
    }'
done
