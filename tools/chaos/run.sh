#!/usr/bin/env bash
# Chaos run: gridbot on N markets of a local lighter-sim that injects a mix of
# faults, then the judge (chaos_check) compares the bot's summary and journal
# with the simulator's record and end state. Prints a figures table and one
# line per difference; exits 1 on any difference, 0 when the books agree.
#
# usage: tools/chaos/run.sh [--markets N] [--duration S] [--faults MIX]
#                           [--seed N] [--work DIR] [--keep] [-- SIM_FLAGS...]
#   --markets N     markets (default 4): ETH, BTC, then synthetic M2..
#   --duration S    gridbot run --duration (default 60)
#   --faults MIX    comma list of: none drops20 drops10 rejects desync
#                   malformed rest stall age partial all (default drops20)
#   --seed N        simulator seed (paths, book, fault decisions; default 1)
#   --work DIR      keep the run's files there (default: a temp dir, removed)
#   --keep          keep the temp dir
#   -- SIM_FLAGS    extra lighter-sim flags (e.g. --drop-ws-every 5000)
# Build first: tools/build --target gridbot lighter-sim gridctl chaos_check
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/chaos/lib.sh

markets=4 duration=60 faults=drops20 seed=1 work="" keep=""
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --markets) markets=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "$0: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
need_binaries
fault_flags "$faults" >/dev/null || exit 2
read -ra flags <<<"$(fault_flags "$faults" | tr '\n' ' ')"

tmp=""
if [[ -z "$work" ]]; then
  work=$(mktemp -d -t trailgrid-chaos.XXXXXX)
  tmp=1
fi
mkdir -p "$work"
cleanup() {
  stop_sim
  if [[ -n "$tmp" && -z "$keep" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
rm -f "$work"/journal* "$work"/summary.json "$work"/sim-record.*

new_key
sim_config "$work/sim.toml" "$markets" "$seed" lifted
start_sim "$work/sim.toml" "$work/sim-record.jsonl" "${flags[@]}" "${extra[@]}"
unset LIGHTER_PUBLIC_KEY
bot_config "$work/bot.toml" "$markets" "$work/journal" lifted

echo "chaos: $markets markets, ${duration}s, faults '$faults' (${flags[*]} ${extra[*]}), seed $seed, files in $work"
set +e
timeout --signal=KILL $((duration + 180)) "$bin/gridbot" run --config "$work/bot.toml" \
  --rest-url "$rest_url" --ws-url "$ws_url" --duration "$duration" \
  --new-session --summary-json "$work/summary.json" >"$work/bot.out" 2>&1
rc=$?
set -e
fetch_record "$work/sim-record.json"
stop_sim

echo "gridbot exit code $rc"
set +e
"$bin/chaos_check" --record "$work/sim-record.json" --journal "$work/journal" \
  --summary "$work/summary.json" --exit-code "$rc" --figures
verdict=$?
set -e
exit "$verdict"
