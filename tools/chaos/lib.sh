# Shared by tools/chaos/*.sh and tools/bench/scale.sh (sourced, not run):
# a lighter-sim with N synthetic markets on loopback, a generated API key,
# a gridbot config for those markets, the simulator's record and the judge.
# The caller sets `work` (a scratch folder) and runs from the repo root.

bin=${TRAILGRID_BIN:-build/bin}
sim_pid=""
sim_port=""
rest_url=""
ws_url=""

need_binaries() {
  local b
  for b in gridbot lighter-sim gridctl chaos_check; do
    [[ -x "$bin/$b" ]] || {
      echo "$0: $bin/$b missing: tools/build --target gridbot lighter-sim gridctl chaos_check" >&2
      exit 2
    }
  done
}

# The fault flags of lighter-sim for a mix name, or several joined by ','.
# The drops/reject/desync/malformed figures are the ones issue reports use.
fault_flags() {
  local mix part
  IFS=',' read -ra mix <<<"$1"
  for part in "${mix[@]}"; do
    case "$part" in
      none) ;;
      drops20) echo --drop-ws-every 20000 ;;
      drops10) echo --drop-ws-every 10000 ;;
      rejects) echo --reject-fraction 0.05 ;;
      desync) echo --nonce-desync-every 200 ;;
      malformed) echo --malformed-every 500 ;;
      rest) echo --rest-outage 30000:3000 ;;
      stall) echo --account-stall 20000:4000 ;;
      age) echo --session-max-age 25000 ;;
      age7) echo --session-max-age 7000 ;;
      partial) echo --partial-fill-fraction 0.3 ;;
      # Sessions dropped every 10 s never reach 25 s: `all` closes them at 7 s.
      all) fault_flags drops10,rejects,desync,malformed,rest,stall,age7,partial ;;
      *) echo "unknown fault mix '$part' (none drops20 drops10 rejects desync malformed rest stall age age7 partial all)" >&2
         return 2 ;;
    esac
  done
}

symbol_of() { case $1 in 0) echo ETH ;; 1) echo BTC ;; *) echo "M$1" ;; esac; }
size_of() { case $1 in 1) echo '"0.002"' ;; *) echo '"0.05"' ;; esac; }

# sim_config FILE MARKETS SEED QUOTA(lifted|standard) [SPEED]
# Markets 0 and 1 are ETH and BTC (built-in defaults), the rest M2.. with
# synthetic mixed-regime paths. The account's tier is standard; "lifted"
# raises its quota so only faults refuse requests.
sim_config() {
  local file=$1 n=$2 seed=$3 quota=$4 speed=${5:-60.0} i
  {
    echo '[sim]'; echo "seed = $seed"; echo "speed = $speed"
    # Enough margin for 100 markets' grids (the pre-flight check asks).
    echo 'default_collateral = "1000000"'
    echo '[tiers.standard]'
    if [[ "$quota" == lifted ]]; then
      echo 'requests_per_minute = 1000000'
      echo 'maker_delay_ms = 0'; echo 'taker_delay_ms = 0'
    fi
    printf '[[market]]\nmarket_id = 0\nsymbol = "ETH"\n'
    (( n > 1 )) && printf '[[market]]\nmarket_id = 1\nsymbol = "BTC"\n'
    for ((i = 2; i < n; i++)); do
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
  } >"$file"
}

# bot_config FILE MARKETS JOURNAL QUOTA [ADMIN_PORT]
bot_config() {
  local file=$1 n=$2 journal=$3 quota=$4 admin=${5:-0} i
  {
    echo '[defaults]'; echo 'levels = 10'; echo 'atr_period = 5'
    echo 'bar_interval_s = 2'; echo 'balance_check = false'
    if [[ "$quota" == lifted ]]; then
      echo 'tx_bucket_capacity = 5000'; echo 'tx_refill_per_minute = 5000'
    fi
    for ((i = 0; i < n; i++)); do
      echo '[[market]]'; echo "symbol = \"$(symbol_of $i)\""
      echo "order_size = $(size_of $i)"; echo 'max_position = "100"'
    done
    echo '[exchange]'; echo 'account_index = 100'; echo 'api_key_index = 4'
    [[ "$quota" == lifted ]] && echo 'send_quota_per_minute = 1000000'
    [[ "$quota" == lifted ]] && echo 'rest_quota_per_minute = 1000000'
    # No budget to spare: the faster path (the tier's default is REST).
    [[ "$quota" == lifted ]] && echo 'tx_channel = "websocket"'
    echo '[risk]'; echo "kill_switch_file = \"$work/kill\""
    echo '[runtime]'; echo "log_dir = \"$work/logs\""
    echo "journal_path = \"$journal\""; echo "admin_port = $admin"
    # SCHEDULER=stealing|sharing: CAF's scheduler policy (A/B runs).
    if [[ -n "${SCHEDULER:-}" ]]; then echo "scheduler = \"$SCHEDULER\""; fi
  } >"$file"
}

# start_sim CONFIG RECORD_JSONL [lighter-sim flags...]: starts the simulator
# with the generated key registered (account 100, key 3); sets sim_pid,
# sim_port, rest_url, ws_url. Needs LIGHTER_PUBLIC_KEY.
start_sim() {
  local config=$1 record=$2 line=""
  shift 2
  rm -f "$work/sim.out"
  (trap '' INT; exec "$bin/lighter-sim" --config "$config" --port 0 \
    --register-key "${LIGHTER_PUBLIC_KEY}:100:4" --record "$record" "$@" \
    >"$work/sim.out" 2>"$work/sim.log") &
  sim_pid=$!
  for _ in $(seq 300); do
    line=$(head -n1 "$work/sim.out" 2>/dev/null || true)
    [[ "$line" == rest=* ]] && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.log" >&2; return 1; }
    sleep 0.1
  done
  [[ "$line" == rest=* ]] || { echo "$0: lighter-sim did not start" >&2; return 1; }
  rest_url=${line#rest=}; rest_url=${rest_url%% *}
  ws_url=${line##*ws=}
  sim_port=${rest_url##*:}
}

stop_sim() {
  if [[ -n "$sim_pid" ]] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  sim_pid=""
}

# fetch_record FILE: GET /sim/record of the running simulator into FILE
# (curl when present, else bash's /dev/tcp).
fetch_record() {
  local out=$1
  if command -v curl >/dev/null 2>&1; then
    curl -sf --max-time 30 "$rest_url/sim/record" -o "$out"
    return
  fi
  exec 9<>"/dev/tcp/127.0.0.1/$sim_port"
  printf 'GET /sim/record HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&9
  sed '1,/^\r\{0,1\}$/d' <&9 >"$out"
  exec 9<&-
}

# new_key: a throwaway API key pair in LIGHTER_PRIVATE_KEY / _PUBLIC_KEY.
new_key() {
  eval "$("$bin/gridbot" keygen)"
  export LIGHTER_PRIVATE_KEY
}

# Seconds since the epoch with milliseconds.
now_s() { date +%s.%N | cut -c1-14; }
