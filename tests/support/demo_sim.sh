# Shell helpers of the tests that run gridbot against lighter-sim with the
# demo markets (tools/lighter-sim/demo.toml). Source it once `src`, `build`
# and `tmp` are set and `fail` is defined.

# start_demo_sim [lighter-sim flags...]: starts the simulator in the
# background and waits for its address line; sets sim_pid, rest_url and
# ws_url.
start_demo_sim() {
  (cd "$src" && exec "$build/bin/lighter-sim" \
    --config tools/lighter-sim/demo.toml --port 0 "$@" \
    >"$tmp/sim.out" 2>"$tmp/sim.log") &
  sim_pid=$!
  local line=""
  for _ in $(seq 300); do
    line=$(head -n1 "$tmp/sim.out" 2>/dev/null || true)
    [[ "$line" == rest=* ]] && break
    kill -0 "$sim_pid" 2>/dev/null || fail "lighter-sim died: $(cat "$tmp/sim.log")"
    sleep 0.1
  done
  [[ "$line" == rest=* ]] || fail "lighter-sim did not start"
  rest_url=${line#rest=}
  rest_url=${rest_url%% *}
  ws_url=${line##*ws=}
}

# demo_bot_config FILE: configs/demo.toml without its [runtime] section and
# with the kill switch file in $tmp; the caller appends its own [runtime].
demo_bot_config() {
  sed -e '/^\[runtime\]/,$d' "$src/configs/demo.toml" >"$1"
  sed -i "s#^kill_switch_file = .*#kill_switch_file = \"$tmp/kill\"#" "$1"
}
