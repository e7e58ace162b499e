#include "runtime/config_sections.hpp"

#include "runtime/config_section_reader.hpp"
#include "runtime/notify/notify_event.hpp"

#include <algorithm>

namespace trailgrid::runtime {

namespace {

// 0..254; the exchange's apps own 0..3 (a warning, not an error).
key_reader api_key_index(std::optional<int>& field) {
  return [&field](config_report& report, std::string_view key,
                  const toml_value& v) {
    int64_t i = 0;
    if (!get_int(report, v, key, 0, 254, i)) return;
    field = static_cast<int>(i);
    if (lighter::limits::is_reserved_api_key_index(i))
      report.warn(line_of(v), std::string{key},
                  "api_key_index = " + std::to_string(i) +
                      ": indices 0..3 belong to the exchange's web and "
                      "mobile apps, which replace the key registered there "
                      "when you log in; register the bot's key at 4..254 and "
                      "use that index");
  };
}

key_reader api_key_pool(std::vector<int>& field) {
  return [&field](config_report& report, std::string_view key,
                  const toml_value& v) {
    const std::string allowed =
        "must be a non-empty array of distinct integers in 0..254, e.g. "
        "[4, 5, 6, 7]";
    if (!v.is_array() || v.as_array().empty()) {
      report.fail_value(v, key, allowed);
      return;
    }
    std::vector<int> pool;
    for (auto& e : v.as_array()) {
      if (!e.is_integer() || e.as_integer() < 0 || e.as_integer() > 254 ||
          std::find(pool.begin(), pool.end(), e.as_integer()) != pool.end()) {
        report.fail_value(v, key, allowed);
        return;
      }
      pool.push_back(static_cast<int>(e.as_integer()));
    }
    field = std::move(pool);
  };
}

section_table exchange_table(exchange_config& out) {
  using reader::integer;
  return {
      "[exchange]",
      {
          {"rest_url", reader::url({"https://", "http://"}, out.rest_url)},
          {"ws_url", reader::url({"wss://", "ws://"}, out.ws_url)},
          {"chain_id", integer(0, UINT32_MAX, out.chain_id)},
          {"account_index", integer(0, INT64_MAX, out.account_index)},
          {"api_key_index", api_key_index(out.api_key_index)},
          {"api_key_indices", api_key_pool(out.api_key_indices)},
          {"tier",
           reader::parsed("must be one of " + std::string{lighter::tier_names},
                          lighter::parse_tier, out.tier)},
          {"send_quota_per_minute",
           integer(0, INT64_MAX, out.send_quota_per_minute)},
          {"rest_quota_per_minute",
           integer(1, INT64_MAX, out.rest_quota_per_minute)},
          {"max_active_orders", integer(1, INT64_MAX, out.max_active_orders)},
          {"tx_channel",
           reader::parsed("must be \"websocket\" or \"rest\"",
                          lighter::limits::parse_tx_channel, out.tx_channel)},
          {"stream_hold_after_ms",
           integer(100, 600'000, out.stream_hold_after)},
          {"stream_check_every_ms",
           integer(0, 3'600'000, out.stream_check_every)},
      }};
}

// With a pool, api_key_index is the key of account-wide operations: one of
// the pool's, its first when not given.
void check_exchange(const toml_value& t, exchange_config& out,
                    config_report& report) {
  auto& pool = out.api_key_indices;
  if (pool.empty()) return;
  if (!out.api_key_index) {
    out.api_key_index = pool.front();
  } else if (std::find(pool.begin(), pool.end(), *out.api_key_index) ==
             pool.end()) {
    auto& v = t.as_table().at("api_key_index");
    report.fail_value(v, "api_key_index",
                      "must be one of api_key_indices (the key of "
                      "account-wide operations; leave it out to use the "
                      "first)");
  }
}

section_table risk_table(global_risk_config& out) {
  return {"[risk]",
          {
              {"max_total_exposure_quote",
               reader::amount_of("must be a decimal amount of at least 0 "
                                 "with at most 9 decimals, as a string "
                                 "(\"0.001\") or a number",
                                 out.max_total_exposure_quote)},
              {"kill_switch_file",
               reader::text("must be a file path string (\"\" = no kill "
                            "switch)",
                            out.kill_switch_file)},
              {"max_account_drawdown_quote",
               reader::amount_of("must be a decimal amount of at least 0 "
                                 "with at most 9 decimals, as a string "
                                 "(\"25\") or a number (0 = off)",
                                 out.max_account_drawdown_quote)},
          },
          // Its limits are easily taken for the per-market ones.
          /*strategy_keys_misplaced=*/true};
}

section_table runtime_table(runtime_config& out) {
  using reader::integer;
  using reader::non_empty_text;
  using reader::text;
  const std::string path = "must be a non-empty path string";
  const std::string host = "must be a non-empty host or IP string";
  return {
      "[runtime]",
      {
          {"log_dir", non_empty_text(path, out.log_dir)},
          {"journal_path", non_empty_text(path, out.journal_path)},
          {"journal_sync",
           reader::named({{"batched", journal_sync_policy::batched},
                          {"entry", journal_sync_policy::every_entry},
                          {"off", journal_sync_policy::off}},
                         out.journal_sync.policy,
                         "must be \"batched\" (fsync at most every "
                         "journal_sync_ms), \"entry\" (fsync every entry) or "
                         "\"off\"")},
          {"journal_sync_ms", integer(10, 10'000, out.journal_sync.interval)},
          {"role", reader::named({{"all-in-one", node_role::all_in_one},
                                  {"signer", node_role::signer},
                                  {"market", node_role::market}},
                                 out.role)},
          {"node_name",
           non_empty_text("must be a non-empty name string", out.node_name)},
          {"admin_bind", non_empty_text(host, out.admin_bind)},
          {"admin_port", integer(0, 65535, out.admin_port)},
          {"admin_token_file", text("must be a path string (\"\" = default)",
                                    out.admin_token_file)},
          {"metrics_bind", non_empty_text(host, out.metrics_bind)},
          {"metrics_port", integer(0, 65535, out.metrics_port)},
          {"metrics_token_file",
           text("must be a path string (\"\" = no token, loopback only)",
                out.metrics_token_file)},
          {"signer_bind", non_empty_text(host, out.signer_bind)},
          {"signer_host", non_empty_text(host, out.signer_host)},
          {"signer_port", integer(1, 65535, out.signer_port)},
          {"tls_cert_file", text("must be a path string", out.tls_cert_file)},
          {"tls_key_file", text("must be a path string", out.tls_key_file)},
          {"tls_ca_file", text("must be a path string", out.tls_ca_file)},
          // The exchange accepts a scheduled cancel-all 5 min .. 15 days
          // ahead.
          {"dead_man_switch_s",
           reader::integer_or_off(300, 1'296'000, out.dead_man_switch_s)},
          {"dead_man_heartbeat_s",
           integer(1, 86'400, out.dead_man_heartbeat_s)},
          {"account_is_exclusive", reader::boolean(out.account_is_exclusive)},
          {"market_status_poll_s",
           reader::integer_or_off(1, 3'600, out.market_status_poll_s)},
          {"scheduler", reader::one_of({"sharing", "stealing"}, out.scheduler)},
          {"signer_token_file",
           text("must be a path string (\"\" = admin token)",
                out.signer_token_file)},
          {"signer_peer_keys", reader::integer_list(254, out.signer_peer_keys)},
          {"signer_peer_markets",
           reader::integer_list(32767, out.signer_peer_markets)},
          {"allow_plain_signer", reader::boolean(out.allow_plain_signer)},
      }};
}

// `lines`: the line of each key present in [runtime].
void check_runtime(const toml_value& t, const std::map<std::string, int>& lines,
                   runtime_config& out, config_report& report) {
  // On an account this bot alone trades, the switch is on unless the file
  // says otherwise: a crashed or cut-off node then leaves no grid behind
  // for longer than the window.
  bool dead_man_given = lines.count("dead_man_switch_s") > 0;
  if (!dead_man_given && out.account_is_exclusive)
    out.dead_man_switch_s = default_exclusive_dead_man_s;
  if (out.dead_man_switch_s > 0 && !out.account_is_exclusive)
    report.fail(line_of(t), "dead_man_switch_s",
                "[runtime] key 'dead_man_switch_s' needs "
                "account_is_exclusive = true: the scheduled cancel-all "
                "cancels every order of the account");
  if (out.dead_man_switch_s > 0 &&
      out.dead_man_heartbeat_s >= out.dead_man_switch_s)
    report.fail(line_of(t), "dead_man_heartbeat_s",
                "[runtime] key 'dead_man_heartbeat_s' (" +
                    std::to_string(out.dead_man_heartbeat_s) +
                    ") must be below 'dead_man_switch_s' (" +
                    std::to_string(out.dead_man_switch_s) + ")");
  // /metrics is plain HTTP: off this host it answers only a bearer token.
  if (out.metrics_port != 0 && out.metrics_token_file.empty() &&
      !is_loopback_address(out.metrics_bind)) {
    auto i = lines.find("metrics_bind");
    report.fail(i == lines.end() ? line_of(t) : i->second, "metrics_bind",
                "key 'metrics_bind' = \"" + out.metrics_bind +
                    "\" is not a loopback address: the metrics endpoint "
                    "there needs metrics_token_file (a bearer token "
                    "Prometheus sends with authorization.credentials_file)");
  }
  // TLS: all three files or none.
  int tls_set = !out.tls_cert_file.empty() + !out.tls_key_file.empty() +
                !out.tls_ca_file.empty();
  if (tls_set != 0 && tls_set != 3) {
    report.fail(line_of(t), "tls_cert_file",
                "[runtime] tls_cert_file, tls_key_file and tls_ca_file go "
                "together (mutual TLS needs this node's certificate, its key "
                "and the CA); set all three or none");
    return;
  }
  if (tls_set == 3) return;
  // Without certificates CAF's TLS falls back to unauthenticated
  // encryption, so every endpoint must stay on this host.
  auto needs_tls = [&](const char* key, const std::string& host) {
    if (is_loopback_address(host)) return;
    auto i = lines.find(key);
    report.fail(i == lines.end() ? line_of(t) : i->second, key,
                std::string{"key '"} + key + "' = \"" + host +
                    "\" is not a loopback address: remote nodes need "
                    "certificates (set tls_cert_file, tls_key_file and "
                    "tls_ca_file; tools/make-certs creates them)");
  };
  if (out.admin_port != 0) needs_tls("admin_bind", out.admin_bind);
  if (out.role == node_role::signer) needs_tls("signer_bind", out.signer_bind);
  if (out.role == node_role::market) needs_tls("signer_host", out.signer_host);
  // A signer without TLS signs for any local process that can connect:
  // only on purpose.
  auto link_host =
      out.role == node_role::signer ? out.signer_bind : out.signer_host;
  if (out.role != node_role::all_in_one && is_loopback_address(link_host)) {
    if (!out.allow_plain_signer) {
      report.fail(line_of(t), "tls_cert_file",
                  "[runtime] a " + std::string{to_string(out.role)} +
                      " node needs mutual TLS to reach the other nodes (set "
                      "tls_cert_file, tls_key_file and tls_ca_file; "
                      "tools/make-certs creates them), or allow_plain_signer "
                      "= true for a loopback-only test setup");
    } else {
      report.warn(line_of(t), "allow_plain_signer",
                  "[runtime] allow_plain_signer = true: the signer link runs "
                  "without TLS (loopback only; any local process with the "
                  "signer token can sign)");
    }
  }
}

// An array of event kinds; each unknown kind is reported and left out.
key_reader event_kinds(std::vector<std::string>& field) {
  return [&field](config_report& report, std::string_view key,
                  const toml_value& v) {
    std::string known;
    for (auto k = notify_kinds_begin(); k != notify_kinds_end(); ++k)
      known += (known.empty() ? "\"" : ", \"") + std::string{*k} + "\"";
    std::string allowed = "must be an array of event kinds (" + known + ")";
    if (!v.is_array()) {
      report.fail_value(v, key, allowed);
      return;
    }
    field.clear();
    for (auto& e : v.as_array()) {
      if (!e.is_string() || std::find(notify_kinds_begin(), notify_kinds_end(),
                                      std::string_view{e.as_string().str}) ==
                                notify_kinds_end()) {
        report.fail_value(e, key, allowed);
        continue;
      }
      field.push_back(e.as_string().str);
    }
  };
}

// A severity name, kept as written.
std::optional<std::string> severity_name(std::string_view s) {
  if (!parse_notify_severity(s)) return std::nullopt;
  return std::string{s};
}

section_table notify_table(notify_config& out) {
  using reader::integer;
  return {"[notify]",
          {
              {"webhook_url",
               reader::url_or_off({"https://", "http://"}, out.webhook_url)},
              {"webhook_url_file",
               reader::text("must be a file path string (\"\" = none)",
                            out.webhook_url_file)},
              {"format",
               reader::one_of({"auto", "slack", "discord", "telegram", "json"},
                              out.format)},
              {"telegram_chat_id",
               reader::text("must be a string (the chat's id, e.g. "
                            "\"-1001234567890\")",
                            out.telegram_chat_id)},
              {"events", event_kinds(out.events)},
              {"min_severity",
               reader::parsed("must be \"info\", \"warning\" or \"critical\"",
                              severity_name, out.min_severity)},
              {"dedupe_s", integer(0, 86'400, out.dedupe_s)},
              {"max_per_minute", integer(1, 600, out.max_per_minute)},
              {"poll_ms", integer(200, 60'000, out.poll_ms)},
              {"hold_grace_s", integer(0, 3'600, out.hold_grace_s)},
              {"timeout_ms", integer(100, 60'000, out.timeout_ms)},
          }};
}

void check_notify(const toml_value& t, const std::map<std::string, int>& lines,
                  const notify_config& out, config_report& report) {
  if (out.format == "telegram" && out.telegram_chat_id.empty()) {
    auto format = lines.find("format");
    report.fail(format == lines.end() ? line_of(t) : format->second,
                "telegram_chat_id",
                "format = \"telegram\" needs telegram_chat_id (the chat the "
                "bot posts to)");
  }
  if (!out.webhook_url.empty() && !out.webhook_url_file.empty())
    report.fail(line_of(t), "webhook_url_file",
                "set webhook_url or webhook_url_file in [notify], not both");
}

} // namespace

void read_exchange(const toml_value& t, exchange_config& out,
                   config_report& report) {
  read_section(t, exchange_table(out), report);
  check_exchange(t, out, report);
}

void read_risk(const toml_value& t, global_risk_config& out,
               config_report& report) {
  read_section(t, risk_table(out), report);
}

void read_runtime(const toml_value& t, runtime_config& out,
                  config_report& report) {
  auto lines = read_section(t, runtime_table(out), report);
  check_runtime(t, lines, out, report);
}

void read_notify(const toml_value& t, notify_config& out,
                 config_report& report) {
  auto lines = read_section(t, notify_table(out), report);
  check_notify(t, lines, out, report);
}

} // namespace trailgrid::runtime
