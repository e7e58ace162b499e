#!/usr/bin/env bash
# kill -9 loop: gridbot on N markets of a local lighter-sim is killed with
# SIGKILL K times at random moments, biased toward right after a grid reset
# past the start-up ones (it follows a fill, so the kill lands while the
# reset's batches are in flight), and restarted each time on the same
# journal. Then a last run stops cleanly after --final seconds and the judge
# (chaos_check --restarts) compares journal, summary and exchange. Exits 1 on
# any difference.
#
# usage: tools/chaos/kill9.sh [--kills K] [--markets N] [--final S]
#                             [--faults MIX] [--seed N] [--work DIR] [--keep]
#   --kills K      SIGKILL restarts (default 10)
#   --markets N    markets (default 4)
#   --final S      duration of the last, cleanly stopped run (default 20)
#   --faults MIX   lighter-sim fault mix as in run.sh (default none)
#   --seed N       simulator seed and kill-timing seed (default 1)
# Build first: tools/build --target gridbot lighter-sim gridctl chaos_check
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/chaos/lib.sh

kills=10 markets=4 final=20 faults=none seed=1 work="" keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) kills=$2; shift 2 ;;
    --markets) markets=$2; shift 2 ;;
    --final) final=$2; shift 2 ;;
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
RANDOM=$seed

tmp=""
if [[ -z "$work" ]]; then
  work=$(mktemp -d -t trailgrid-kill9.XXXXXX)
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
rm -f "$work"/journal* "$work"/summary.json "$work"/sim-record.* "$work"/bot-*.out

new_key
sim_config "$work/sim.toml" "$markets" "$seed" lifted
start_sim "$work/sim.toml" "$work/sim-record.jsonl" "${flags[@]}"
unset LIGHTER_PUBLIC_KEY
bot_config "$work/bot.toml" "$markets" "$work/journal" lifted
echo "kill9: $kills kills, $markets markets, faults '$faults', files in $work"

resets_in() { grep -c 'reset #' "$1" 2>/dev/null || true; }

session=(--new-session)
after_reset=0
for ((k = 1; k <= kills; k++)); do
  out="$work/bot-$k.out"
  "$bin/gridbot" run --config "$work/bot.toml" --rest-url "$rest_url" \
    --ws-url "$ws_url" "${session[@]}" >"$out" 2>&1 &
  bot_pid=$!
  session=()
  # At least 3-8 s of life (start-up, first quotes), then the moment a reset
  # beyond the start-up ones is printed (a fill's reset; up to 10 s more),
  # then at most 50 ms.
  sleep "$((3 + RANDOM % 6)).$((RANDOM % 10))"
  seen=$(resets_in "$out")
  (( seen < markets )) && seen=$markets
  how="random"
  for _ in $(seq 200); do
    kill -0 "$bot_pid" 2>/dev/null || break
    if (( $(resets_in "$out") > seen )); then how="after reset"; break; fi
    sleep 0.05
  done
  [[ "$how" == "after reset" ]] && { after_reset=$((after_reset + 1)); sleep "0.0$((RANDOM % 5))"; }
  if ! kill -0 "$bot_pid" 2>/dev/null; then
    wait "$bot_pid" 2>/dev/null || true
    echo "kill9: run $k exited by itself before the kill (see $out)"
  else
    kill -KILL "$bot_pid"
    wait "$bot_pid" 2>/dev/null || true
    echo "kill9: kill $k ($how, $(resets_in "$out") resets printed)"
  fi
  bot_pid=""
done

set +e
timeout --signal=KILL $((final + 180)) "$bin/gridbot" run --config "$work/bot.toml" \
  --rest-url "$rest_url" --ws-url "$ws_url" --duration "$final" \
  --summary-json "$work/summary.json" >"$work/bot-final.out" 2>&1
rc=$?
set -e
fetch_record "$work/sim-record.json"
stop_sim
echo "kill9: $kills kills ($after_reset right after a reset), final run exit code $rc"
set +e
"$bin/chaos_check" --record "$work/sim-record.json" --journal "$work/journal" \
  --summary "$work/summary.json" --exit-code "$rc" --restarts --figures
verdict=$?
set -e
exit "$verdict"
