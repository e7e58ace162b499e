#!/usr/bin/env bash
# install.sh: installs one trailgrid node as a systemd service.
#
# usage: deploy/install.sh --role ROLE [options]
#
#   --role ROLE        all-in-one (trailgrid.service), signer
#                      (trailgrid-signer.service) or market
#                      (trailgrid-market.service)
#   --build-dir DIR    where tools/build put the binaries (default: build)
#   --prefix DIR       binaries go to DIR/bin (default: /usr/local); the
#                      unit's ExecStart follows
#   --config FILE      the node's config, installed as /etc/trailgrid/NAME.toml
#                      when that file does not exist yet (default: the
#                      example in deploy/config/); an existing one is kept
#   --key-file FILE    signer and all-in-one: the API private key, either the
#                      bare 80 hex characters or a file with a
#                      LIGHTER_PRIVATE_KEY=... line (what `gridbot keygen`
#                      prints); installed as the systemd credential
#                      /etc/trailgrid/credentials/lighter_private_key (0600)
#   --tls-dir DIR      signer and market: the folder tools/make-certs wrote;
#                      ca.pem and the node's NAME.pem / NAME.key go to
#                      /etc/trailgrid/certs/ (the key 0600, root's)
#   --tls-name NAME    the node's certificate name in --tls-dir (default:
#                      signer or market)
#   --webhook-file F   a file holding the webhook URL for [notify] (Slack,
#                      Discord, Telegram or any JSON receiver); installed as
#                      the credential /etc/trailgrid/credentials/webhook_url
#                      (0600) with a unit drop-in that hands it to the node
#   --no-start         enable the unit but do not start it
#   --root DIR         install into DIR as if it were / (packaging, tests):
#                      no user is created, no file is chowned, systemctl is
#                      not called
#
# It creates the system user `trailgrid` (home /var/lib/trailgrid, no
# login), installs gridbot and gridctl, the unit, the config and the
# secrets, then `systemctl daemon-reload` and `enable --now`. Idempotent:
# run it again after a build to update the binaries and the unit; configs
# and secrets already in place are never overwritten (replace a secret by
# passing --key-file / --tls-dir again). docs/deploy.md walks through it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

role=""
build_dir="$repo/build"
prefix=/usr/local
config=""
key_file=""
tls_dir=""
tls_name=""
webhook_file=""
start=1
root=""

die() { echo "install.sh: $*" >&2; exit 1; }
usage() { echo "install.sh: $*" >&2; echo "try: deploy/install.sh --help" >&2; exit 2; }

while (($#)); do
  case "$1" in
  --role) role="${2:-}"; shift 2 ;;
  --build-dir) build_dir="${2:-}"; shift 2 ;;
  --prefix) prefix="${2:-}"; shift 2 ;;
  --config) config="${2:-}"; shift 2 ;;
  --key-file) key_file="${2:-}"; shift 2 ;;
  --tls-dir) tls_dir="${2:-}"; shift 2 ;;
  --tls-name) tls_name="${2:-}"; shift 2 ;;
  --webhook-file) webhook_file="${2:-}"; shift 2 ;;
  --no-start) start=0; shift ;;
  --root) root="${2:-}"; shift 2 ;;
  -h | --help) sed -n '2,42p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) usage "unknown argument '$1'" ;;
  esac
done

case "$role" in
all-in-one) unit=trailgrid.service; name=trailgrid; node=node ;;
signer) unit=trailgrid-signer.service; name=signer; node=signer ;;
market) unit=trailgrid-market.service; name=market; node=market ;;
"") usage "--role is required (all-in-one, signer or market)" ;;
*) usage "--role must be all-in-one, signer or market, not '$role'" ;;
esac
[[ "$prefix" == /* ]] || usage "--prefix must be an absolute path"
[[ -z "$root" || "$root" == /* ]] || usage "--root must be an absolute path"
[[ -z "$tls_name" ]] && tls_name="$name"
holds_key=0
[[ "$role" != market ]] && holds_key=1
uses_tls=0
[[ "$role" != all-in-one ]] && uses_tls=1
[[ -n "$key_file" && $holds_key -eq 0 ]] &&
  usage "a market node holds no key: --key-file goes to the signer node"
[[ -n "$tls_dir" && $uses_tls -eq 0 ]] &&
  usage "the all-in-one node talks to no other node: --tls-dir is not used"

for b in gridbot gridctl; do
  [[ -x "$build_dir/bin/$b" ]] ||
    die "$build_dir/bin/$b not found: build first (tools/build) or pass --build-dir"
done
[[ -z "$config" ]] && config="$here/config/$name.toml"
[[ -r "$config" ]] || die "cannot read config $config"
[[ -z "$key_file" || -r "$key_file" ]] || die "cannot read key file $key_file"
[[ -z "$webhook_file" || -r "$webhook_file" ]] || die "cannot read webhook file $webhook_file"
if [[ -n "$tls_dir" ]]; then
  for f in ca.pem "$tls_name.pem" "$tls_name.key"; do
    [[ -r "$tls_dir/$f" ]] || die "cannot read $tls_dir/$f (tools/make-certs --dir $tls_dir $tls_name)"
  done
fi

owner_opts=()
if [[ -z "$root" ]]; then
  [[ $(id -u) -eq 0 ]] || die "run as root (or with --root DIR to stage the files)"
  owner_opts=(-o root -g root)
  if ! getent passwd trailgrid >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/trailgrid \
      --no-create-home --shell /usr/sbin/nologin \
      --comment "trailgrid market maker" trailgrid
    echo "install.sh: created system user trailgrid"
  fi
fi

etc="$root/etc/trailgrid"
umask 022

# Binaries and the unit (ExecStart follows --prefix).
install -d "$root$prefix/bin" "$root$prefix/share/doc/trailgrid" "$root/etc/systemd/system"
install -m 0755 "$build_dir/bin/gridbot" "$build_dir/bin/gridctl" "$root$prefix/bin/"
install -m 0644 "$repo/docs/deploy.md" "$root$prefix/share/doc/trailgrid/deploy.md"
sed -e "s#/usr/local/bin/#$prefix/bin/#g" \
  -e "s#file:/usr/local/share/doc/#file:$prefix/share/doc/#g" \
  "$here/systemd/$unit" >"$root/etc/systemd/system/$unit.new"
chmod 0644 "$root/etc/systemd/system/$unit.new"
mv "$root/etc/systemd/system/$unit.new" "$root/etc/systemd/system/$unit"
echo "install.sh: $prefix/bin/gridbot, $prefix/bin/gridctl, /etc/systemd/system/$unit"

# The config: never overwritten.
install -d -m 0755 "$etc"
if [[ -e "$etc/$name.toml" ]]; then
  echo "install.sh: keeping /etc/trailgrid/$name.toml"
else
  install -m 0644 "${owner_opts[@]}" "$config" "$etc/$name.toml"
  echo "install.sh: /etc/trailgrid/$name.toml from $config (edit it: account, markets, sizes)"
fi

# The API key as a systemd credential: root's, 0600; the service gets a
# private copy. The key is never printed.
if [[ $holds_key -eq 1 ]]; then
  install -d -m 0700 "${owner_opts[@]}" "$etc/credentials"
  cred="$etc/credentials/lighter_private_key"
  if [[ -n "$key_file" ]]; then
    key=$(sed -nE "s/^[[:space:]]*(export[[:space:]]+)?LIGHTER_PRIVATE_KEY=[\"']?([0-9a-fA-Fx]*)[\"']?[[:space:]]*\$/\\2/p" \
      "$key_file" | head -n 1)
    [[ -z "$key" ]] && key=$(tr -d ' \t\r\n' <"$key_file")
    key="${key#0x}"
    [[ "$key" =~ ^[0-9a-fA-F]{80}$ ]] ||
      die "$key_file holds no private key (80 hex characters, bare or as LIGHTER_PRIVATE_KEY=...)"
    (umask 077 && printf '%s\n' "$key" >"$cred.new")
    unset key
    [[ ${#owner_opts[@]} -gt 0 ]] && chown root:root "$cred.new"
    chmod 0600 "$cred.new"
    mv "$cred.new" "$cred"
    echo "install.sh: API key installed as credential /etc/trailgrid/credentials/lighter_private_key"
  elif [[ ! -e "$cred" ]]; then
    echo "install.sh: warning: no API key yet; the service will not start until" \
      "/etc/trailgrid/credentials/lighter_private_key exists (--key-file FILE)" >&2
  fi
fi

# TLS: certificates readable, the key root's 0600 (a credential for the unit).
if [[ $uses_tls -eq 1 ]]; then
  install -d -m 0755 "${owner_opts[@]}" "$etc/certs"
  if [[ -n "$tls_dir" ]]; then
    install -m 0644 "${owner_opts[@]}" "$tls_dir/ca.pem" "$etc/certs/ca.pem"
    install -m 0644 "${owner_opts[@]}" "$tls_dir/$tls_name.pem" "$etc/certs/$name.pem"
    install -m 0600 "${owner_opts[@]}" "$tls_dir/$tls_name.key" "$etc/certs/$name.key"
    echo "install.sh: /etc/trailgrid/certs/{ca.pem,$name.pem,$name.key}"
  elif [[ ! -e "$etc/certs/$name.key" ]]; then
    echo "install.sh: warning: no TLS files yet; the service will not start until" \
      "/etc/trailgrid/certs/{ca.pem,$name.pem,$name.key} exist (--tls-dir DIR)" >&2
  fi
fi

# The webhook URL (it carries the service's token) as a credential, and a
# drop-in that hands it to the node as TRAILGRID_WEBHOOK_URL_FILE.
if [[ -n "$webhook_file" ]]; then
  url=$(tr -d ' \t\r\n' <"$webhook_file")
  [[ "$url" =~ ^https?://[^/]+ ]] ||
    die "$webhook_file holds no http:// or https:// URL"
  install -d -m 0700 "${owner_opts[@]}" "$etc/credentials"
  (umask 077 && printf '%s\n' "$url" >"$etc/credentials/webhook_url.new")
  unset url
  [[ ${#owner_opts[@]} -gt 0 ]] && chown root:root "$etc/credentials/webhook_url.new"
  chmod 0600 "$etc/credentials/webhook_url.new"
  mv "$etc/credentials/webhook_url.new" "$etc/credentials/webhook_url"
  install -d -m 0755 "$root/etc/systemd/system/$unit.d"
  cat >"$root/etc/systemd/system/$unit.d/notify.conf" <<DROPIN
# Written by deploy/install.sh --webhook-file: the [notify] webhook URL as a
# credential (docs/deploy.md, "Notifications").
[Service]
LoadCredential=webhook_url:/etc/trailgrid/credentials/webhook_url
Environment=TRAILGRID_WEBHOOK_URL_FILE=%d/webhook_url
DROPIN
  chmod 0644 "$root/etc/systemd/system/$unit.d/notify.conf"
  echo "install.sh: webhook URL installed as credential /etc/trailgrid/credentials/webhook_url"
fi

if [[ -n "$root" ]]; then
  echo "install.sh: staged under $root (no user, no systemctl)"
  exit 0
fi
if [[ ! -d /run/systemd/system ]]; then
  echo "install.sh: systemd is not running here: enable $unit yourself" >&2
  exit 0
fi
systemctl daemon-reload
if [[ $start -eq 1 ]]; then
  systemctl enable --now "$unit"
  echo "install.sh: $unit enabled and started; follow it with: journalctl -fu $unit"
else
  systemctl enable "$unit"
  echo "install.sh: $unit enabled; start it with: systemctl start $unit"
fi
echo "install.sh: the node's state is in /var/lib/trailgrid/$node, its logs in" \
  "/var/log/trailgrid/$node; gridctl: sudo -u trailgrid -H $prefix/bin/gridctl tree"
