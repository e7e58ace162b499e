#pragma once

#include "lighter/codec/exchange_limits.hpp"
#include "lighter/codec/tiers.hpp"
#include "runtime/amount.hpp"
#include "runtime/expected.hpp"
#include "runtime/journal_sync.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::runtime {

/// One problem in a config file. to_string() gives the user-facing text:
/// `configs/x.toml:12: key 'levels' must be an integer in 1..100, got "five"`.
struct config_error {
  std::string file; ///< the path as given
  int line = 0;     ///< 1-based; 0 = the file as a whole
  std::string key;  ///< the key concerned, if any
  std::string message;

  /// "file:line: message" (line left out when 0).
  std::string to_string() const;
};

/// Every problem found in one config (sorted by line).
struct config_errors {
  std::vector<config_error> errors;

  /// One error per line of text.
  std::string to_string() const;
};

/// The strategy keys of [defaults] / [[market]] as configured: strategy_params
/// plus the amounts that need the market's scale before they become lots.
struct strategy_settings {
  /// Everything but grid.order_size, risk.max_position and risk.max_drawdown,
  /// which stay at their zero defaults here (see the amounts below).
  strategy::strategy_params params;
  std::optional<amount> order_size; ///< base units per level
  /// Quote currency per level instead of order_size (one of the two is
  /// required; a later layer's one replaces an earlier layer's other).
  std::optional<amount> order_size_quote;
  std::optional<amount> max_position; ///< base units; required
  amount max_drawdown_quote;          ///< quote currency; 0 = off
  /// Line where each key was last set (for cross-key error messages).
  std::map<std::string, int> set_at;
};

/// One [[market]] entry: its symbol and its merged settings
/// (built-in defaults <- profile <- [defaults] <- this entry).
struct market_config {
  std::string symbol;
  int line = 0; ///< line of its [[market]] header
  strategy_settings settings;
  /// The API key whose nonce stream this market uses; unset: the pool's
  /// keys in turn (see exchange_config::api_keys).
  std::optional<int> api_key_index;

  /// The strategy_params of this market with the sizes converted to its lots
  /// (rounded down to a whole lot) and quote units (rounded down). Fails when
  /// the order size is below one lot of `spec`.
  expected<strategy::strategy_params, std::string>
  resolve(const strategy::market_spec& spec) const;
};

/// The account tier (it sets fees, latencies and quotas:
/// lighter/codec/tiers.hpp).
using lighter::account_tier;
using lighter::to_string;

/// [exchange]: where and as whom to trade. Secrets never live here.
struct exchange_config {
  std::string rest_url = "https://mainnet.zklighter.elliot.ai";
  std::string ws_url = "wss://mainnet.zklighter.elliot.ai/stream";
  uint32_t chain_id = 304;              ///< 304 mainnet, 300 testnet
  std::optional<int64_t> account_index; ///< required for live trading
  /// 0..254; bots use 4..254 (0..3 belong to the exchange's apps: a
  /// warning). With a pool: the key of account-wide operations (dead-man
  /// switch, order sweep); defaults to the pool's first.
  std::optional<int> api_key_index;
  /// An API key pool (api_key_indices = [4, 5, 6, 7]): each key its own
  /// nonce stream, markets spread across them. Secrets per index:
  /// LIGHTER_PRIVATE_KEY_<index>. Empty: the one key api_key_index.
  std::vector<int> api_key_indices;
  account_tier tier = account_tier::standard;
  /// The account's sendTx budget per minute, in the tier's unit (requests
  /// on Standard, txs on Plus and Premium), when it differs from the tier's
  /// own figure (Premium with staked LIT, a simulator). 0: the signer does
  /// not pace at all. Absent: the tier's figure (lighter/codec/tiers.hpp).
  std::optional<int64_t> send_quota_per_minute;
  /// The REST budget per minute in the tier's unit (requests on standard
  /// and plus, weight on premium) shared by every REST client of the
  /// process, when it is not the tier's figure (a simulator, a raised
  /// limit). Absent: the tier's figure.
  std::optional<int64_t> rest_quota_per_minute;
  /// Orders the account may have resting at once, every market together,
  /// when it is not the documented 1,500 (lighter::limits): the exchange
  /// refuses a create past it (21717), so the pre-flight check refuses a
  /// config whose full grids would not fit.
  std::optional<int64_t> max_active_orders;
  /// How a market's reset goes out: in WebSocket frames of at most 15 txs
  /// ("websocket"), or in REST sendTxBatch requests of at most 50 ("rest"):
  /// a 10+10 reset (40 txs) is then one request of the sendTx budget
  /// instead of three. Smaller batches (cancels, small grids) go over the
  /// WebSocket either way. Absent: resets_over() decides by tier.
  std::optional<lighter::limits::tx_channel> tx_channel;
  /// The account stream down longer than this: every market stops adding
  /// risk and cancels its orders over REST until the stream is back and the
  /// missed fills are recovered.
  std::chrono::milliseconds stream_hold_after{3'000};
  /// How often the account's recent trades are read from REST to catch a
  /// stream that stalled without closing (0 = never).
  std::chrono::milliseconds stream_check_every{15'000};

  /// The keys markets may use: the pool, or {api_key_index}, or none.
  std::vector<int> api_keys() const;
  /// tx_channel, or by tier: REST where the tier counts sendTx requests
  /// whatever their size (Standard: a reset in one request resets about
  /// twice as often on its 60 a minute), the WebSocket where it counts
  /// transactions (its frames reach the exchange sooner; docs/run.md,
  /// "Many markets on one account").
  lighter::limits::tx_channel resets_over() const;
  /// True unless send_quota_per_minute = 0: the signer paces the account.
  bool signer_paces_sends() const {
    return send_quota_per_minute.value_or(1) != 0;
  }
};

/// [risk]: limits across all markets of the process.
struct global_risk_config {
  /// Cap on the summed absolute notional of all positions; 0 = off.
  amount max_total_exposure_quote;
  /// While this file exists no orders are placed; "" = no kill switch.
  std::string kill_switch_file = "gridbot.kill";
  /// Account drawdown stop: every market halts (journaled, until an
  /// operator resumes) when the summed session equity of the node's
  /// markets falls this far below its peak; 0 = off.
  amount max_account_drawdown_quote;
};

/// What a node runs (see README "Many hosts").
enum class node_role {
  all_in_one, ///< signer, gateway and every market in one process
  signer,     ///< holds the key; publishes its signer to market nodes
  market,     ///< runs markets; holds no key; uses a signer node's signer
};

/// The dead-man switch's window when the account is exclusive and the config
/// does not set one: the shortest the exchange accepts (5 minutes).
inline constexpr int64_t default_exclusive_dead_man_s = 300;

/// [runtime]: files, ports, role and the node's network endpoints.
struct runtime_config {
  std::string log_dir = "logs";
  std::string journal_path = "journal/gridbot.journal";
  /// journal_sync ("batched", "entry", "off") and journal_sync_ms.
  journal_sync_config journal_sync;
  node_role role = node_role::all_in_one;
  /// The node's name in gridctl's tree and in metric labels.
  std::string node_name = "node";
  /// Address of the admin service; non-loopback only with TLS files.
  std::string admin_bind = "127.0.0.1";
  uint16_t admin_port = 4242; ///< 0 = no admin service
  /// File with the admin token ("" = ~/.config/trailgrid/admin.token);
  /// $TRAILGRID_ADMIN_TOKEN overrides it. Created (0600) when missing.
  std::string admin_token_file;
  /// Prometheus text endpoint GET /metrics (plain HTTP).
  std::string metrics_bind = "127.0.0.1";
  uint16_t metrics_port = 0; ///< 0 = off
  /// File with the bearer token /metrics demands ("" = none, allowed only
  /// on a loopback metrics_bind). Created (0600) when missing, like the
  /// admin token, and kept apart from it: a scraper can read, not steer.
  std::string metrics_token_file;
  /// Signer node: where it publishes the signer. Market node: where it
  /// finds the signer node (signer_host : signer_port).
  std::string signer_bind = "127.0.0.1";
  std::string signer_host = "127.0.0.1";
  uint16_t signer_port = 4250;
  /// Token a market node presents to the signer node's gate, and the one
  /// the gate accepts ("" = the admin token, same file and environment
  /// variable); $TRAILGRID_SIGNER_TOKEN overrides it.
  std::string signer_token_file;
  /// Signer node: the API key indexes and market indexes its peers may
  /// sign for (empty = every key it holds / every market).
  std::vector<int> signer_peer_keys;
  std::vector<int> signer_peer_markets;
  /// A signer or market node without TLS: refused unless this is true
  /// (then loopback only, with a warning at start).
  bool allow_plain_signer = false;
  /// Mutual TLS between nodes and for the admin service (PEM files, see
  /// tools/make-certs). All three or none; without them every endpoint
  /// must stay on loopback.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_ca_file;

  /// True when the three TLS files are configured.
  bool tls() const { return !tls_cert_file.empty(); }
  /// Dead-man switch: keep the exchange's scheduled cancel-all (of the
  /// whole account) this many seconds ahead, re-armed every
  /// dead_man_heartbeat_s and aborted on a clean shutdown; 0 = off.
  /// Default: off, or default_exclusive_dead_man_s when
  /// account_is_exclusive is true and the key is absent.
  int64_t dead_man_switch_s = 0;
  /// How often the scheduled cancel-all is pushed out again.
  int64_t dead_man_heartbeat_s = 60;
  /// How often the exchange's root status and market statuses are read
  /// (maintenance or a market not active pauses its quoting); 0 = never.
  int64_t market_status_poll_s = 15;
  /// How CAF's workers wait for work: "sharing" (one queue, idle workers
  /// block and are woken at once) or "stealing" (per-worker queues, idle
  /// workers poll and then sleep up to 10 ms between polls).
  std::string scheduler = "sharing";
  /// The account trades for this bot alone. Required by the dead-man
  /// switch, whose cancel-all also cancels orders this bot did not place.
  bool account_is_exclusive = false;
};

/// [notify]: webhook notifications of critical events (runtime/notify,
/// docs/deploy.md "Notifications"). Off while no URL is set.
struct notify_config {
  /// Where messages are POSTed. Slack, Discord and Telegram URLs carry
  /// their token: prefer webhook_url_file or $TRAILGRID_WEBHOOK_URL.
  std::string webhook_url;
  /// A file holding the URL (e.g. a systemd credential); same refusal of
  /// group/other-readable files as a key file.
  std::string webhook_url_file;
  /// "auto" (by the URL's host), "slack", "discord", "telegram", "json".
  std::string format = "auto";
  /// The chat the Telegram preset posts to.
  std::string telegram_chat_id;
  /// Kinds sent (runtime/notify/notify_event.hpp); empty: all.
  std::vector<std::string> events;
  /// "info", "warning" or "critical": events below are not sent.
  std::string min_severity = "info";
  /// A repeat of an event within this many seconds is counted, not sent.
  int64_t dedupe_s = 600;
  /// Messages per minute at most; more are sent as one digest.
  int64_t max_per_minute = 6;
  /// How often the node's status is read for events.
  int64_t poll_ms = 2000;
  /// Signer or account stream holds shorter than this are not reported.
  int64_t hold_grace_s = 10;
  /// One POST (connect, send, answer) at most this long.
  int64_t timeout_ms = 5000;

  /// True when a URL may come from the file or the config (the environment
  /// is checked at start).
  bool configured() const {
    return !webhook_url.empty() || !webhook_url_file.empty();
  }
};

/// "all-in-one", "signer" or "market".
std::string_view to_string(node_role r);

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_address(std::string_view host);

/// A whole, validated config file.
struct config {
  std::string path;    ///< as given to the loader
  std::string profile; ///< the base profile of [defaults], "" if none
  exchange_config exchange;
  global_risk_config risk;
  runtime_config runtime;
  notify_config notify;
  strategy_settings defaults; ///< built-in <- profile <- [defaults]
  std::vector<market_config> markets;
  /// Problems that do not stop the bot but that the operator must see (an
  /// API key index of the exchange's apps); print them after loading.
  std::vector<config_error> warnings;
};

/// Loads and validates a TOML config. Unknown keys, out-of-range values and
/// secrets in the file are errors; every error names the file and line.
expected<config, config_errors> load_config(const std::string& path);

/// Same, for TOML text; `name` is used in messages and its directory
/// resolves relative profile paths.
expected<config, config_errors> parse_config(std::string_view text,
                                             const std::string& name);

/// The built-in profile names ("conservative", "balanced", "aggressive").
std::vector<std::string_view> builtin_profiles();

} // namespace trailgrid::runtime
