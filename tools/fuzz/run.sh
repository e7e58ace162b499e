#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz) one after another at low priority.
#   tools/fuzz/run.sh [target ...] [--runs N] [--time SECONDS] [--no-build]
# Without a target every target runs; --runs defaults to 10,000,000
# executions per target, --time bounds each target's wall time instead (or
# as well). Seeds come from the captured payloads and samples in the repo
# (build-fuzz/seeds/<target>); what a run learns is kept in
# build-fuzz/corpus/<target>; a crashing input lands in
# build-fuzz/artifacts/<target>/ and the script exits non-zero. Each target's
# log is build-fuzz/logs/<target>.log; build-fuzz/logs/summary.txt gets one
# line per run: target, executions, seconds, exec/s, result.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/build-fuzz

targets=()
runs=10000000
max_time=0
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --time) max_time=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if [[ ${#targets[@]} -eq 0 ]]; then
  targets=($(tools/fuzz/targets))
fi
if [[ $build -eq 1 ]]; then
  tools/fuzz/build "${targets[@]}"
fi

# One compact line per JSON file (the ws target splits frames on '\n').
compact() { tr -d '\n' < "$1"; }

# The first 40 lines of a (possibly gzipped) file.
head_of() { { zcat -f "$1" || true; } | head -40; }

# The tx_info JSON objects of the signing vectors, one per line.
vector_tx_infos() {
  jq -r '.transactions[].tx_info_deterministic' \
    "$root/tests/data/vectors/lighter-signing.json"
}

# The same tx_infos rewritten for the fuzz exchange's account 7 / key 3, nonce
# 0 and an expiry after its clock (so lighter-sim accepts them).
sim_tx_infos() {
  vector_tx_infos | jq -c '.AccountIndex = 7 | .ApiKeyIndex = 3 | .Nonce = 0
    | .ExpiredAt = 1700000600000'
}

make_seeds() {
  local t=$1 dir=$out/seeds/$1 i=0
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$t" in
    rest_decoder_fuzz)
      cp "$root"/tests/data/lighter/rest/*.json "$dir"/ ;;
    ws_decoder_fuzz)
      for f in "$root"/tests/data/lighter/ws/*.json; do
        compact "$f" > "$dir/$(basename "$f")"
      done
      # Snapshot then deltas: the order book state machine.
      local ws=$root/tests/data/lighter/ws
      { compact "$ws/order_book_subscribed__nautilus_mainnet.json"; echo
        compact "$ws/order_book_update__ccxt_comment_mainnet.json"; echo
        compact "$ws/order_book_update__nautilus_HANDWRITTEN.json"; } \
        > "$dir/book_snapshot_then_deltas.txt" ;;
    tx_info_fuzz)
      # The first byte picks the type: 12 + byte % 8, so 2..5 are 14..17.
      while read -r info; do
        for b in 2 3 4 5; do
          { printf "\\x0$b"; printf '%s' "$info"; } > "$dir/tx_${i}_type_$b.json"
        done
        i=$((i + 1))
      done < <(vector_tx_infos) ;;
    sim_api_fuzz)
      cp "$root"/tests/fuzz/seeds/sim_api/* "$dir"/
      local infos=() types=()
      while read -r info; do
        local type
        type=$(jq -r 'if has("MarketIndex") and has("ClientOrderIndex") then
            (if has("Index") then 17 else 14 end)
          elif has("Index") then 15 else 16 end' <<< "$info")
        infos+=("$info"); types+=("$type")
        { printf 'POST /api/v1/sendTx\n\ntx_type=%s&tx_info=' "$type"
          jq -rn --arg s "$info" '$s|@uri'; } > "$dir/send_tx_$i.txt"
        { printf 'WS /stream\n\n'
          jq -cn --arg s "$info" --argjson t "$type" \
            '{type:"jsonapi/sendtx",data:{id:"a1",tx_type:$t,tx_info:$s}}'
        } > "$dir/ws_send_tx_$i.txt"
        i=$((i + 1))
      done < <(sim_tx_infos)
      { printf 'POST /api/v1/sendTxBatch\n\ntx_types='
        jq -rn --args '$ARGS.positional|map(tonumber)|tojson|@uri' "${types[@]:0:2}"
        printf '&tx_infos='
        jq -rn --args '$ARGS.positional|tojson|@uri' "${infos[@]:0:2}"
      } | tr -d '\n' > "$dir/send_tx_batch.txt" ;;
    url_fuzz | dotenv_fuzz | numbers_fuzz)
      cp "$root"/tests/fuzz/seeds/"${t%_fuzz}"/* "$dir"/ ;;
    config_fuzz)
      for f in "$root"/configs/*.toml "$root"/tests/data/configs/*.toml \
               "$root"/tools/lighter-sim/*.toml; do
        cp "$f" "$dir/$(basename "$(dirname "$f")")_$(basename "$f")"
      done ;;
    journal_fuzz)
      "$out/fuzz/journal_seed" "$dir/every_entry.tgj" ;;
    csv_fuzz)
      # The first byte picks the reader (byte % 6) and a scale; 96..100 are
      # candles, candles as doubles, trades, depth, bbo with 12 price and
      # 9 size decimals. The first 40 lines of each sample, plain and gzipped.
      for f in "$root"/data/samples/*.csv*; do
        local b
        case "$f" in
          *_1m_*) b=96 ;; *trades*) b=98 ;; *depth*) b=99 ;; *bbo*) b=100 ;;
          *) continue ;;
        esac
        local name
        name=$(basename "$f"); name=${name%.gz}
        { printf "\\x$(printf %x $b)"; head_of "$f"; } > "$dir/$name"
        { printf "\\x$(printf %x $b)"; head_of "$f" | gzip -c; } \
          > "$dir/$name.gz"
      done ;;
    *) echo "run.sh: no seeds for $t" >&2 ;;
  esac
}

# A target's own libFuzzer options: its dictionary, and a bound on the
# input length where the cost grows with it: toml11's faster than the text
# (512 bytes hold a [runtime], an [exchange] and a [[market]] table), and
# lighter-sim's requests (2 KiB holds the largest tx_info seed; libFuzzer's
# own limit had grown to 3.7 KiB and the rate fell from 5,000 to under
# 1,000 inputs a second).
options_of() {
  case "$1" in
    rest_decoder_fuzz | ws_decoder_fuzz | tx_info_fuzz)
      echo "-dict=$root/tests/fuzz/dicts/json.dict" ;;
    sim_api_fuzz)
      echo "-dict=$root/tests/fuzz/dicts/json.dict -max_len=2048" ;;
    config_fuzz) echo "-dict=$root/tests/fuzz/dicts/toml.dict -max_len=512" ;;
  esac
}

mkdir -p "$out/logs"
status=0
for t in "${targets[@]}"; do
  bin=$out/fuzz/$t
  [[ -x "$bin" ]] || { echo "run.sh: $bin not built" >&2; exit 2; }
  make_seeds "$t"
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  log=$out/logs/$t.log
  args=(-runs="$runs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$out/artifacts/$t/" $(options_of "$t"))
  [[ "$max_time" != 0 ]] && args+=(-max_total_time="$max_time")
  echo "== $t: ${args[*]}" >&2
  start=$(date +%s)
  result=ok
  # The scratch files of the file-reading targets go to a private folder.
  scratch=$(mktemp -d)
  if ! TMPDIR=$scratch nice -n 19 "$bin" "${args[@]}" "$out/corpus/$t" \
      "$out/seeds/$t" > "$log" 2>&1; then
    result=FAILED
    status=1
  fi
  rm -rf "$scratch"
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  execs=${execs:-0}
  rate=$(( execs / (secs > 0 ? secs : 1) ))
  line="$t execs=$execs secs=$secs exec_per_s=$rate result=$result"
  echo "$line" | tee -a "$out/logs/summary.txt"
  if [[ $result != ok ]]; then
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 >&2 || true
  fi
done
exit $status
