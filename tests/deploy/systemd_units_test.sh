#!/usr/bin/env bash
# The systemd units of deploy/systemd, staged by deploy/install.sh exactly
# as they would be installed, with --prefix pointing at the build's own
# binaries (systemd-analyze verify insists that ExecStart exists), must pass
# `systemd-analyze verify` without a single warning, keep their hardening,
# and name binaries and configs that exist. Exit 77 (CTest: skipped) when
# systemd-analyze is not installed.
#
# usage: systemd_units_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1"
build="$2"

fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. install.sh stages every role (binaries, unit, config, secrets).
key="$tmp/keygen.env"
printf 'LIGHTER_PRIVATE_KEY=%s\nLIGHTER_PUBLIC_KEY=%s\n' \
  "$(printf '1%.0s' {1..80})" "$(printf '2%.0s' {1..80})" >"$key"
mkdir "$tmp/certs"
for f in ca.pem signer.pem signer.key market.pem market.key; do
  echo "test $f" >"$tmp/certs/$f"
done
echo "https://hooks.slack.com/services/T0/B0/TOKEN" >"$tmp/webhook"
stage="$tmp/root"
"$src/deploy/install.sh" --root "$stage" --prefix "$build" \
  --build-dir "$build" --role all-in-one --key-file "$key" \
  --webhook-file "$tmp/webhook" >"$tmp/install.out"
grep -q TOKEN "$tmp/install.out" && fail "install.sh printed the webhook URL"
"$src/deploy/install.sh" --root "$stage" --prefix "$build" \
  --build-dir "$build" --role signer --key-file "$key" \
  --tls-dir "$tmp/certs" >/dev/null
"$src/deploy/install.sh" --root "$stage" --prefix "$build" \
  --build-dir "$build" --role market --tls-dir "$tmp/certs" >/dev/null

units="$stage/etc/systemd/system"
for u in trailgrid trailgrid-signer trailgrid-market; do
  [[ -f "$units/$u.service" ]] || fail "install.sh did not stage $u.service"
done
for c in trailgrid signer market; do
  cmp -s "$src/deploy/config/$c.toml" "$stage/etc/trailgrid/$c.toml" ||
    fail "install.sh did not install deploy/config/$c.toml"
done
cred="$stage/etc/trailgrid/credentials/lighter_private_key"
[[ "$(cat "$cred")" == "$(printf '1%.0s' {1..80})" ]] ||
  fail "the credential is not the bare key of the keygen file"
mode() { stat -c %a "$1"; }
[[ $(mode "$cred") == 600 ]] || fail "credential mode $(mode "$cred"), not 600"
[[ $(mode "$stage/etc/trailgrid/credentials") == 700 ]] ||
  fail "credentials folder is not 0700"
[[ $(mode "$stage/etc/trailgrid/certs/signer.key") == 600 ]] ||
  fail "TLS key is not 0600"
for b in gridbot gridctl; do
  [[ -x "$stage$build/bin/$b" ]] || fail "install.sh did not install $b"
done
hook="$stage/etc/trailgrid/credentials/webhook_url"
[[ $(mode "$hook") == 600 && "$(cat "$hook")" == *TOKEN ]] ||
  fail "the webhook credential is missing or not 0600"
dropin="$units/trailgrid.service.d/notify.conf"
grep -qx 'Environment=TRAILGRID_WEBHOOK_URL_FILE=%d/webhook_url' "$dropin" ||
  fail "no notify drop-in handing the webhook credential to the node"

# A second run keeps an edited config.
echo "# edited" >>"$stage/etc/trailgrid/market.toml"
"$src/deploy/install.sh" --root "$stage" --prefix "$build" \
  --build-dir "$build" --role market >/dev/null
grep -q '^# edited' "$stage/etc/trailgrid/market.toml" ||
  fail "a second install.sh overwrote an existing config"

# Refusals: a market node takes no key; a file without a key is refused.
if "$src/deploy/install.sh" --root "$stage" --prefix "$build" \
  --build-dir "$build" --role market --key-file "$key" >/dev/null 2>&1; then
  fail "install.sh accepted a key for a market node"
fi
echo "not a key" >"$tmp/bad.key"
if "$src/deploy/install.sh" --root "$stage" --prefix "$build" \
  --build-dir "$build" --role signer --key-file "$tmp/bad.key" \
  >/dev/null 2>"$tmp/bad.err"; then
  fail "install.sh accepted a file without a key"
fi
grep -q 'not a key' "$tmp/bad.err" && fail "install.sh echoed the key file"

# 2. What every unit must say.
for u in trailgrid trailgrid-signer trailgrid-market; do
  f="$units/$u.service"
  for want in 'User=trailgrid' 'NoNewPrivileges=yes' 'ProtectSystem=strict' \
    'ProtectHome=yes' 'PrivateTmp=yes' 'CapabilityBoundingSet=' \
    'Restart=on-failure' 'KillSignal=SIGTERM' 'StandardOutput=journal' \
    'UMask=0077' 'SystemCallFilter=@system-service'; do
    grep -qx "$want" "$f" || fail "$u.service lacks '$want'"
  done
  t=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$f")
  [[ -n "$t" && "$t" -ge 120 ]] ||
    fail "$u.service: TimeoutStopSec '$t' leaves no room for the cancel sweep"
  exec_line=$(grep '^ExecStart=' "$f")
  bin=$(echo "$exec_line" | sed 's/^ExecStart=\([^ ]*\).*/\1/')
  [[ "$bin" == "$build/bin/gridbot" ]] ||
    fail "$u.service runs '$bin', not the installed gridbot"
  cfg=$(echo "$exec_line" | sed -n 's/.* run --config \(\/etc\/trailgrid\/[a-z-]*\.toml\)$/\1/p')
  [[ -n "$cfg" && -f "$stage$cfg" ]] ||
    fail "$u.service: config of '$exec_line' is not one install.sh installs"
done
# Only the nodes that sign get the key; the market node never does.
grep -q 'LIGHTER_PRIVATE_KEY_FILE=%d/lighter_private_key' \
  "$units/trailgrid.service" "$units/trailgrid-signer.service" ||
  fail "a signing unit does not pass its key credential"
grep -q 'lighter_private_key' "$units/trailgrid-market.service" &&
  fail "the market unit is handed the API key"
grep -q '^After=.*trailgrid-signer.service' "$units/trailgrid-market.service" ||
  fail "the market unit does not stop before a signer on the same host"
# The configs point at the credential the unit hands in.
for r in signer market; do
  grep -q "^tls_key_file = \"/run/credentials/trailgrid-$r.service/tls_key\"" \
    "$src/deploy/config/$r.toml" ||
    fail "deploy/config/$r.toml does not read the TLS key credential"
  grep -q "^LoadCredential=tls_key:/etc/trailgrid/certs/$r.key" \
    "$units/trailgrid-$r.service" || fail "trailgrid-$r.service: no tls_key"
done

# 3. The node itself refuses a key file that group or others may read (a
# systemd credential is 0400; anything looser is a mistake to stop on).
(umask 022 && printf '%s\n' "$(printf '3%.0s' {1..80})" >"$tmp/open.key")
set +e
(cd "$tmp" && env -u LIGHTER_PRIVATE_KEY LIGHTER_PRIVATE_KEY_FILE="$tmp/open.key" \
  "$build/bin/gridbot" run --config "$src/deploy/config/trailgrid.toml" \
  --rest-url http://127.0.0.1:1 --ws-url ws://127.0.0.1:1/stream \
  --duration 1 >"$tmp/open.out" 2>&1)
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "gridbot ran with a 0644 key file (exit $rc): $(cat "$tmp/open.out")"
grep -q "chmod 600 $tmp/open.key" "$tmp/open.out" ||
  fail "gridbot's refusal does not say how to fix it: $(cat "$tmp/open.out")"
grep -q '3333333333' "$tmp/open.out" && fail "gridbot printed the key"

# 4. systemd-analyze verify, warnings included.
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze not installed (apt-get install systemd);" \
    "the units were checked, but not verified by systemd"
  exit 77
fi
out=$(systemd-analyze verify --man=no "$units/trailgrid.service" \
  "$units/trailgrid-signer.service" "$units/trailgrid-market.service" 2>&1) ||
  fail "systemd-analyze verify failed:"$'\n'"$out"
# Lines about our units (unknown keys, bad values are only warnings).
ours=$(echo "$out" | grep -E 'trailgrid(-signer|-market)?\.service' || true)
[[ -z "$ours" ]] || fail "systemd-analyze verify warns:"$'\n'"$ours"
# systemd's own exposure score (0 = locked down, 10 = none): at most 2.0.
for u in trailgrid trailgrid-signer trailgrid-market; do
  systemd-analyze security --offline=yes --threshold=20 --no-pager \
    "$units/$u.service" >"$tmp/security.txt" 2>&1 ||
    fail "$u.service: exposure above 2.0:"$'\n'"$(grep -E '✗|Overall' "$tmp/security.txt")"
done
echo "systemd units: staged, hardened and verified"
