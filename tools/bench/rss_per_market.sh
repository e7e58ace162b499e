#!/usr/bin/env bash
# Memory per market of `gridbot run`: resident set size (VmRSS) of the bot
# trading N markets on a local lighter-sim, for each N given (default 1 2 4 8).
# Every market is a synthetic path on the simulator; the bot quotes a 10+10
# grid on each. Prints "markets rss_kb" per run and the slope.
#
# usage: tools/bench/rss_per_market.sh [N...]   (build gridbot and lighter-sim
# first: tools/build --target gridbot lighter-sim)
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1 2 4 8)
run_s=${RUN_SECONDS:-30}

work=$(mktemp -d -t trailgrid-rss.XXXXXX)
sim_pid=""
cleanup() {
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  [[ -n "${KEEP:-}" ]] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

max=0
for n in "${counts[@]}"; do (( n > max )) && max=$n; done

# Simulator: markets 0 and 1 (ETH, BTC defaults) plus synthetic M2.. .
{
  echo '[sim]'; echo 'seed = 5'; echo 'speed = 60.0'
  echo '[tiers.standard]'; echo 'requests_per_minute = 1000000'
  echo 'maker_delay_ms = 0'; echo 'taker_delay_ms = 0'
  # Listing markets replaces the built-in ones: 0 and 1 keep their defaults.
  printf '[[market]]\nmarket_id = 0\nsymbol = "ETH"\n'
  printf '[[market]]\nmarket_id = 1\nsymbol = "BTC"\n'
  for ((i = 2; i < max; i++)); do
    cat <<EOF
[[market]]
market_id = $i
symbol = "M$i"
price_decimals = 2
size_decimals = 4
min_base_amount = "0.0010"
min_quote_amount = "1.000000"
[market.path]
source = "synthetic"
regime = "mixed"
start_price = "$((1000 + 100 * i)).00"
annual_vol = 0.8
EOF
  done
} >"$work/sim.toml"

eval "$(build/bin/gridbot keygen)"
export LIGHTER_PRIVATE_KEY

symbol_of() { case $1 in 0) echo ETH ;; 1) echo BTC ;; *) echo "M$1" ;; esac; }
size_of() { case $1 in 1) echo '"0.002"' ;; *) echo '"0.05"' ;; esac; }

declare -A rss
for n in "${counts[@]}"; do
  rm -f "$work/sim.out"
  build/bin/lighter-sim --config "$work/sim.toml" --port 0 \
    --register-key "${LIGHTER_PUBLIC_KEY}:100:3" >"$work/sim.out" 2>/dev/null &
  sim_pid=$!
  for _ in $(seq 300); do grep -q '^rest=' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
  line=$(head -n1 "$work/sim.out")
  rest=${line#rest=}; rest=${rest%% *}; ws=${line##*ws=}
  {
    echo '[defaults]'; echo 'levels = 10'; echo 'atr_period = 5'
    echo 'bar_interval_s = 2'; echo 'tx_bucket_capacity = 5000'
    echo 'tx_refill_per_minute = 5000'; echo 'balance_check = false'
    for ((i = 0; i < n; i++)); do
      echo '[[market]]'; echo "symbol = \"$(symbol_of $i)\""
      echo "order_size = $(size_of $i)"; echo 'max_position = "100"'
    done
    echo '[exchange]'; echo 'account_index = 100'; echo 'api_key_index = 3'
    echo '[risk]'; echo "kill_switch_file = \"$work/kill\""
    echo '[runtime]'; echo "log_dir = \"$work/logs\""
    echo "journal_path = \"$work/journal-$n\""; echo 'admin_port = 0'
  } >"$work/bot-$n.toml"
  build/bin/gridbot run --config "$work/bot-$n.toml" --rest-url "$rest" \
    --ws-url "$ws" --duration "$run_s" --new-session >"$work/bot-$n.out" 2>&1 &
  bot=$!
  sleep $((run_s - 3))
  rss[$n]=$(awk '/^VmRSS/ {print $2}' "/proc/$bot/status")
  wait "$bot" || true
  kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null || true; sim_pid=""
  resets=$(grep -c 'reset #' "$work/bot-$n.out" || true)
  echo "markets $n rss_kb ${rss[$n]} resets $resets"
done
first=${counts[0]}; last=${counts[-1]}
if (( last > first )); then
  echo "per additional market: $(( (rss[$last] - rss[$first]) / (last - first) )) kB"
fi
