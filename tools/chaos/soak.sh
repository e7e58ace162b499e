#!/usr/bin/env bash
# Soak: gridbot on 4 markets of a local lighter-sim that drops every
# WebSocket periodically, for an hour by default. Samples the bot's resident
# set size and every per-order map size its status exposes (gridctl --json
# tree: executor live/confirmed orders, gateway in-flight batches, live
# orders and routes, signer waiting queues) at start and every --every
# seconds; prints the samples, then start/end figures. The end of the run
# is judged like tools/chaos/run.sh (exit 1 on any difference).
#
# usage: tools/chaos/soak.sh [--duration S] [--every S] [--markets N]
#                            [--faults MIX] [--seed N] [--work DIR] [--keep]
#   --duration S   default 3600
#   --every S      sampling interval (default 60)
#   --markets N    default 4
#   --faults MIX   as in run.sh (default drops20)
# Build first: tools/build --target gridbot lighter-sim gridctl chaos_check
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/chaos/lib.sh

duration=3600 every=60 markets=4 faults=drops20 seed=1 work="" keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    --markets) markets=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "$0: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
need_binaries
fault_flags "$faults" >/dev/null || exit 2
read -ra flags <<<"$(fault_flags "$faults" | tr '\n' ' ')"

tmp=""
if [[ -z "$work" ]]; then
  work=$(mktemp -d -t trailgrid-soak.XXXXXX)
  tmp=1
fi
mkdir -p "$work"
bot_pid=""
cleanup() {
  [[ -n "$bot_pid" ]] && kill -KILL "$bot_pid" 2>/dev/null
  stop_sim
  if [[ -n "$tmp" && -z "$keep" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
rm -f "$work"/journal* "$work"/summary.json "$work"/sim-record.*

# A free loopback port for the admin service, and a token for this run only.
admin_port=""
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 30000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then admin_port=$p; break; fi
done
[[ -n "$admin_port" ]] || { echo "$0: no free port for the admin service" >&2; exit 1; }
TRAILGRID_ADMIN_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export TRAILGRID_ADMIN_TOKEN

new_key
sim_config "$work/sim.toml" "$markets" "$seed" lifted
start_sim "$work/sim.toml" "$work/sim-record.jsonl" "${flags[@]}"
unset LIGHTER_PUBLIC_KEY
bot_config "$work/bot.toml" "$markets" "$work/journal" lifted "$admin_port"

"$bin/gridbot" run --config "$work/bot.toml" --rest-url "$rest_url" \
  --ws-url "$ws_url" --duration "$duration" --new-session \
  --summary-json "$work/summary.json" >"$work/bot.out" 2>&1 &
bot_pid=$!
echo "soak: $markets markets, ${duration}s, faults '$faults', sample every ${every}s, files in $work"

# Sum of the figures whose name matches the regex $1 over the actors of kind
# $2 ("" = any) in the flattened tree $3.
figure_sum() {
  local scope='"name":"[^"]*"'
  [[ -n "$2" ]] && scope="\"kind\":\"$2\""
  grep -o "$scope[^}]*" "$3" | grep -oE "\"$1\":\"[0-9]+\"" |
    grep -oE '[0-9]+"$' | tr -d '"' | awk '{s += $1} END {print s + 0}'
}
columns=(rss_kb exec_live exec_confirmed gw_in_flight gw_live gw_routes signer_waiting signer_in_flight)
sample() {
  local t=$1 tree="$work/tree.json" flat="$work/tree.flat" rss
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$bot_pid/status" 2>/dev/null || echo 0)
  if ! "$bin/gridctl" --node "127.0.0.1:$admin_port" --json tree >"$tree" 2>/dev/null; then
    echo "$t $rss - - - - - - -"
    return
  fi
  # One line, no blanks around the JSON punctuation: an actor's kind and its
  # figures then sit between its "kind" and the next '}'.
  tr -d '\n' <"$tree" | sed -E 's/"[[:space:]]*:[[:space:]]*/":/g; s/([,{[])[[:space:]]+/\1/g' >"$flat"
  echo "$t $rss $(figure_sum live_orders executor "$flat")" \
    "$(figure_sum confirmed_orders executor "$flat")" \
    "$(figure_sum in_flight gateway "$flat") $(figure_sum live_orders gateway "$flat")" \
    "$(figure_sum routes gateway "$flat") $(figure_sum 'key\.[0-9]+\.waiting' signer "$flat")" \
    "$(figure_sum 'key\.[0-9]+\.in_flight' signer "$flat")"
}

start=$SECONDS
# The first sample once the grids are placed (executors track orders), or
# after 60 s.
for _ in $(seq 30); do
  sleep 2
  row=$(sample 0)
  read -ra f <<<"$row"
  [[ "${f[2]}" =~ ^[1-9] ]] && break
done
echo "t_s ${columns[*]}" | tee "$work/samples.txt"
while kill -0 "$bot_pid" 2>/dev/null; do
  sample $((SECONDS - start)) | tee -a "$work/samples.txt"
  for ((i = 0; i < every; i++)); do
    kill -0 "$bot_pid" 2>/dev/null || break
    sleep 1
  done
done
set +e
wait "$bot_pid"
rc=$?
set -e
bot_pid=""
fetch_record "$work/sim-record.json"
stop_sim

# The last sample taken while the bot was fully up (before its shutdown).
first=$(sed -n 2p "$work/samples.txt")
last=$(grep -v ' - ' "$work/samples.txt" | tail -n1)
echo "soak: start/end figures"
printf '%-16s %12s %12s\n' figure start end
read -ra a <<<"$first"
read -ra b <<<"$last"
for i in "${!columns[@]}"; do
  printf '%-16s %12s %12s\n' "${columns[$i]}" "${a[$((i + 1))]:-?}" "${b[$((i + 1))]:-?}"
done
echo "gridbot exit code $rc"
set +e
"$bin/chaos_check" --record "$work/sim-record.json" --journal "$work/journal" \
  --summary "$work/summary.json" --exit-code "$rc" --figures
verdict=$?
set -e
exit "$verdict"
