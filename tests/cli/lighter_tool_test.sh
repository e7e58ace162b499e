#!/usr/bin/env bash
# CLI test of lighter-tool: every subcommand against the reference vectors
# (tests/data/vectors/lighter-signing.json), streaming, every bad-input class
# (exit 2 + one-line message) and that the private key never leaks.
# usage: lighter_tool_test.sh <path to lighter-tool> <repo source dir>
set -u
tool="$1"
src="$2"
vec="$src/tests/data/vectors/lighter-signing.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
checks=0
all_out="$work/all_output.log" # every stdout/stderr, scanned for the key
: > "$all_out"

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check_eq() { # name expected actual
  checks=$((checks + 1))
  [[ "$2" == "$3" ]] || fail "$1: expected '$2', got '$3'"
}
# run <stdin file> <args...>: sets rc, out, err
run() {
  local in="$1"; shift
  "$tool" "$@" < "$in" > "$work/out" 2> "$work/err"
  rc=$?
  out="$(cat "$work/out")"
  err="$(cat "$work/err")"
  cat "$work/out" "$work/err" >> "$all_out"
}
# expect_bad_input <name> <stdin file> <args...>: exit 2, one stderr line
expect_bad_input() {
  local name="$1"; shift
  run "$@"
  checks=$((checks + 1))
  [[ $rc -eq 2 ]] || fail "$name: exit $rc, expected 2 (stderr: $err)"
  local lines
  lines=$(printf '%s\n' "$err" | grep -c .)
  [[ $lines -eq 1 && "$err" == "lighter-tool: error: "* ]] ||
    fail "$name: expected one error line, got: $err"
  [[ -z "$out" ]] || fail "$name: unexpected stdout: $out"
}
# section <top-level key>: the lines of that top-level entry of the file
section() {
  awk -v k="^ \"$1\": " '$0 ~ k {f=1; next} /^ "[a-z_0-9]+": / {f=0} f' "$vec"
}
# json_field <key> [<section>]: the values of <key>, in order
json_field() {
  local src
  if [[ $# -ge 2 ]]; then src="$(section "$2")"; else src="$(cat "$vec")"; fi
  printf '%s\n' "$src" | grep "^ *\"$1\": " | sed -e "s/^ *\"$1\": \"\{0,1\}//" \
    -e 's/"\{0,1\},\{0,1\}$//' -e 's/\\"/"/g'
}

empty="$work/empty"
: > "$empty"
key_hex="$(json_field private_key_hex | head -n1)"
key_0x="$(json_field private_key_0x | head -n1)"
pub_a="$(json_field public_key_hex | head -n1)"
export LIGHTER_PRIVATE_KEY="$key_0x"

# pubkey: env with and without 0x, and from a file (trailing newline).
run "$empty" pubkey
check_eq "pubkey env" "$pub_a" "$out"
LIGHTER_PRIVATE_KEY="$key_hex" run "$empty" pubkey
check_eq "pubkey env no 0x" "$pub_a" "$out"
printf '%s\n' "$key_hex" > "$work/key.txt"
(unset LIGHTER_PRIVATE_KEY; run "$empty" pubkey --private-key-file "$work/key.txt"
 check_eq "pubkey file" "$pub_a" "$out"; exit $failures) || failures=$((failures + 1))
check_eq "help exit" "0" "$("$tool" --help > /dev/null; echo $?)"
"$tool" --help | grep -q "sign-tx --chain-id N --tx-type T" ||
  fail "help does not document sign-tx"

# hash-tx and sign-tx for every vector transaction.
mapfile -t infos < <(json_field tx_info_deterministic transactions)
mapfile -t types < <(json_field tx_type transactions)
mapfile -t chains < <(json_field chain_id transactions)
mapfile -t hashes < <(json_field signed_hash_hex transactions)
mapfile -t nonces < <(json_field nonce_k_le_hex transactions)
mapfile -t pubs < <(json_field public_key_hex transactions)
[[ ${#infos[@]} -ge 5 && ${#infos[@]} -eq ${#types[@]} ]] ||
  fail "could not read the transactions from the vector file"
for i in "${!infos[@]}"; do
  unsigned="$(printf '%s' "${infos[$i]}" | sed 's/,"Sig":"[^"]*"//')"
  printf '%s\n' "$unsigned" > "$work/tx.jsonl"
  run "$work/tx.jsonl" hash-tx --chain-id "${chains[$i]}" --tx-type "${types[$i]}"
  check_eq "hash-tx #$i" "${hashes[$i]}" "$out"
  if [[ "${pubs[$i]}" == "$pub_a" ]]; then
    run "$work/tx.jsonl" sign-tx --chain-id "${chains[$i]}" \
      --tx-type "${types[$i]}" --nonce-k "${nonces[$i]}"
    check_eq "sign-tx #$i" "${infos[$i]}" "$out"
  fi
done

# verify: the vector cases, plus s + n (valid for the reference, invalid
# for us by design).
vpk="$pub_a"
vmsg="01000000000000000200000000000000030000000000000004000000000000000500000000000000"
vsig="75c4df0ff4e28ab2f55cd20d7d00a85b0eb96da024ccde2a500044cc731460261745c626c0f310520bf65219205c09a1e17911f9ff99027e54e2bea1958e4750b72fadf3764428c11df277f5f5f9f611"
vsig_plus_n="56c46ba48abc9a9a92fdf6e4b65c304448bf25700bccdeaa660044cc641460a61e45c6a6bdf310d20bf65219205c09a1e17911f9ff99027e54e2bea1958e4750b72fadf3764428c11df277f5f5f9f611"
run "$empty" verify --public-key "$vpk" --hash "$vmsg" --signature "$vsig"
check_eq "verify valid" "valid/0" "$out/$rc"
run "$empty" verify --public-key "$vpk" --hash "00${vmsg:2}" --signature "$vsig"
check_eq "verify tampered message" "invalid/1" "$out/$rc"
run "$empty" verify --public-key "$vpk" --hash "$vmsg" --signature "${vsig:0:6}1${vsig:7}"
check_eq "verify tampered s" "invalid/1" "$out/$rc"
run "$empty" verify --public-key "$vpk" --hash "$vmsg" --signature "${vsig:0:86}d${vsig:87}"
check_eq "verify tampered e" "invalid/1" "$out/$rc"
run "$empty" verify --public-key "$vpk" --hash "$vmsg" --signature "$vsig_plus_n"
check_eq "verify non-canonical s" "invalid/1" "$out/$rc"
other_pk="$(json_field public_key_hex | grep -v "$pub_a" | grep -v '^0400' | head -n1)"
run "$empty" verify --public-key "$other_pk" --hash "$vmsg" --signature "$vsig"
check_eq "verify wrong key" "invalid/1" "$out/$rc"

# auth-token with the vector nonce.
tok="$(json_field token_deterministic auth_tokens)"
run "$empty" auth-token --account 12345 --api-key 3 --deadline 1735718400 \
  --nonce-k 07000000000000000000000000000000000000000000000000000000000000000000000000000000
check_eq "auth-token" "$tok" "$out"
run "$empty" auth-token --account 12345 --api-key 3 --deadline 1735718400
check_eq "auth-token random" "0/$((19 + 160))" "$rc/${#out}" # "1735718400:12345:3:" + 160 hex

# Streaming: 2000 cancels in one process, each signed and each distinct.
for ((n = 0; n < 2000; n++)); do
  printf '{"AccountIndex":12345,"ApiKeyIndex":3,"MarketIndex":1,"Index":%d,"ExpiredAt":1735689600000,"Nonce":%d}\n' \
    $((1000 + n)) "$n"
done > "$work/many.jsonl"
run "$work/many.jsonl" sign-tx --chain-id 304 --tx-type 15
check_eq "stream exit" "0" "$rc"
check_eq "stream lines" "2000" "$(printf '%s\n' "$out" | grep -c '"Sig":"')"
check_eq "stream distinct" "2000" "$(printf '%s\n' "$out" | sort -u | wc -l | tr -d ' ')"
run "$work/many.jsonl" hash-tx --chain-id 304 --tx-type 15
check_eq "stream hash lines" "2000" "$(printf '%s\n' "$out" | grep -cE '^[0-9a-f]{80}$')"

# Every bad-input class exits 2 with a one-line message.
good_cancel='{"AccountIndex":1,"ApiKeyIndex":2,"MarketIndex":0,"Index":5,"ExpiredAt":10,"Nonce":3}'
printf '%s\n' '{"AccountIndex":1,"ApiKeyIndex":2,"MarketIndex":0,"Index":5,"ExpiredAt":10,"Nonce":3,"Foo":1}' > "$work/unknown.jsonl"
printf '%s\n' '{"AccountIndex":1,"ApiKeyIndex":2,"MarketIndex":0,"ExpiredAt":10,"Nonce":3}' > "$work/missing.jsonl"
printf '%s\n' '{"AccountIndex":1,"ApiKeyIndex":255,"MarketIndex":0,"Index":5,"ExpiredAt":10,"Nonce":3}' > "$work/range.jsonl"
printf '%s\n' '{"AccountIndex":1,"ApiKeyIndex":300,"MarketIndex":0,"Index":5,"ExpiredAt":10,"Nonce":3}' > "$work/type.jsonl"
printf '%s\n%s\n' '{"AccountIndex":' "$good_cancel" > "$work/badjson.jsonl"
printf '%s\n' "$good_cancel" > "$work/good.jsonl"
expect_bad_input "unknown key" "$work/unknown.jsonl" hash-tx --chain-id 304 --tx-type 15
expect_bad_input "missing key" "$work/missing.jsonl" sign-tx --chain-id 304 --tx-type 15
expect_bad_input "out-of-range field" "$work/range.jsonl" sign-tx --chain-id 304 --tx-type 15
expect_bad_input "field type overflow" "$work/type.jsonl" hash-tx --chain-id 304 --tx-type 15
expect_bad_input "invalid json" "$work/badjson.jsonl" hash-tx --chain-id 304 --tx-type 15
expect_bad_input "unsupported tx type" "$work/good.jsonl" hash-tx --chain-id 304 --tx-type 8
expect_bad_input "missing option" "$work/good.jsonl" hash-tx --tx-type 15
expect_bad_input "bad chain id" "$work/good.jsonl" hash-tx --chain-id x --tx-type 15
expect_bad_input "unknown option" "$empty" pubkey --verbose 1
expect_bad_input "unknown command" "$empty" frobnicate
expect_bad_input "no command" "$empty"
expect_bad_input "bad nonce hex" "$work/good.jsonl" sign-tx --chain-id 304 --tx-type 15 --nonce-k zz
expect_bad_input "short nonce" "$work/good.jsonl" sign-tx --chain-id 304 --tx-type 15 --nonce-k 0102
expect_bad_input "verify bad hex" "$empty" verify --public-key "x${vpk:1}" --hash "$vmsg" --signature "$vsig"
expect_bad_input "verify short key" "$empty" verify --public-key "${vpk:0:78}" --hash "$vmsg" --signature "$vsig"
expect_bad_input "verify short sig" "$empty" verify --public-key "$vpk" --hash "$vmsg" --signature "${vsig:0:158}"
expect_bad_input "auth bad api key" "$empty" auth-token --account 1 --api-key 256 --deadline 5
LIGHTER_PRIVATE_KEY="zz${key_hex:2}" expect_bad_input "key bad hex" "$empty" pubkey
LIGHTER_PRIVATE_KEY="${key_hex:0:78}" expect_bad_input "key wrong length" "$empty" pubkey
(unset LIGHTER_PRIVATE_KEY; expect_bad_input "no key" "$empty" pubkey; exit $failures) ||
  failures=$((failures + 1))
expect_bad_input "missing key file" "$empty" pubkey --private-key-file "$work/nope"

# The private key (any case, with or without 0x) never appears in output.
checks=$((checks + 1))
if grep -qiF "${key_hex:0:40}" "$all_out" || grep -qiF "${key_hex:40}" "$all_out"; then
  fail "private key material appears in the tool output"
fi

echo "lighter-tool CLI test: $checks checks, $failures failures"
[[ $failures -eq 0 ]]
