#include "runtime/node_start.hpp"

#include "runtime/exchange_services.hpp"
#include "runtime/preflight.hpp"

#include "lighter/net/io_runner.hpp"
#include "lighter/net/unix_time.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace trailgrid::runtime {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The key(s) the node signs with: a pool (one key per index,
// LIGHTER_PRIVATE_KEY_<index>), one key, or none (a market node); a dry
// run without them signs with random keys (paper signatures only).
std::optional<std::string> choose_keys(node_inputs& in) {
  const auto& ex = in.cfg.exchange;
  const auto& opts = in.opts;
  if (in.holds_key && !ex.api_key_indices.empty()) {
    auto p = load_key_pool(ex, opts.config_path);
    if (p) {
      in.pool = std::move(p.value());
    } else if (!opts.dry_run) {
      return p.error();
    } else {
      for (int index : ex.api_key_indices) // paper signatures only
        in.pool.emplace(index, secret{random_private_key_hex()});
    }
    in.key.reset();
  } else if (!in.holds_key) {
    in.key.reset();
  } else if (!opts.dry_run && !in.key) {
    return std::string{"LIGHTER_PRIVATE_KEY is not set (environment or "
                       ".env); --dry-run trades on paper without one"};
  } else if (!in.key) {
    in.key.emplace(random_private_key_hex()); // paper signatures only
  }
  return std::nullopt;
}

// The pre-flight checks (runtime/preflight.hpp), one log line each.
bool preflight_ok(lighter::net::io_runner& runner,
                  std::shared_ptr<lighter::rest_gate> gate, const config& cfg,
                  const std::string& path, bool holds_key) {
  auto facts = gather_preflight(runner, cfg,
                                holds_key ? our_public_keys(cfg, path)
                                          : std::map<int, std::string>{},
                                std::move(gate));
  auto lines = evaluate_preflight(cfg, facts);
  for (auto& l : lines) {
    if (l.pass)
      spdlog::info("check: {}", to_string(l));
    else
      spdlog::error("check: {}", to_string(l));
  }
  return all_passed(lines);
}

} // namespace

std::optional<std::string> load_inputs(node_inputs& in) {
  auto loaded = load_config(in.opts.config_path);
  if (!loaded) return loaded.error().to_string();
  in.cfg = loaded.value();
  for (const auto& w : in.cfg.warnings) // before logging starts: to stderr
    std::fprintf(stderr, "warning: %s\n", w.to_string().c_str());
  in.config_text = read_text(in.opts.config_path);
  auto sec = load_secrets(in.opts.config_path);
  if (!sec) return sec.error();
  auto& ex = in.cfg.exchange;
  if (!in.opts.rest_url.empty()) ex.rest_url = in.opts.rest_url;
  if (!in.opts.ws_url.empty()) ex.ws_url = in.opts.ws_url;
  // A market node holds no key: the signer node signs for it.
  in.role = in.cfg.runtime.role;
  in.holds_key = in.role != node_role::market;
  in.trades = in.role != node_role::signer;
  in.key = std::move(sec.value().lighter_private_key);
  in.read_only_token = std::move(sec.value().read_only_token);
  if (auto err = choose_keys(in)) return err;
  // Read once, now held as secrets: the environment (readable in
  // /proc/<pid>/environ and inherited by children) forgets them.
  forget_env_secret("LIGHTER_PRIVATE_KEY");
  forget_env_secret("LIGHTER_READ_ONLY_TOKEN");
  for (int index : ex.api_key_indices)
    forget_env_secret(pool_key_variable(index).c_str());
  if (!in.opts.dry_run && (!ex.account_index || !ex.api_key_index))
    return std::string{"[exchange] account_index and api_key_index are "
                       "required for live trading"};
  return std::nullopt;
}

std::optional<std::string> start_logging(node_inputs& in) {
  logging_options lo;
  lo.log_dir = in.cfg.runtime.log_dir;
  auto logs = setup_logging(lo);
  if (!logs) return logs.error();
  in.logs = std::move(logs.value());
  if (in.key) never_log(in.logs, *in.key);
  for (auto& entry : in.pool)
    never_log(in.logs, entry.second);
  spdlog::info("{} node '{}' starting {} market(s) from {}{}",
               to_string(in.role), in.cfg.runtime.node_name,
               in.cfg.markets.size(), in.opts.config_path,
               in.opts.dry_run ? " (dry run: paper orders)" : "");
  return std::nullopt;
}

std::optional<std::string> open_journal(const node_inputs& in,
                                        node_books& books) {
  books.journal_path =
      in.cfg.runtime.journal_path + (in.opts.dry_run ? ".paper" : "");
  journal_options jopts;
  jopts.fsync_on_flush =
      in.cfg.runtime.journal_sync.policy == journal_sync_policy::every_entry;
  auto writer = journal_writer::open(books.journal_path, jopts);
  if (!writer) return "journal " + books.journal_path + ": " + writer.error();
  books.journal = std::make_shared<journal_writer>(std::move(writer.value()));
  if (books.journal->repaired())
    spdlog::warn("journal: cut a torn last record ({})",
                 books.journal->repaired()->reason);
  if (in.opts.new_session)
    if (auto r = books.journal->append(
            journal_session{"gridbot", "new session"}, lighter::net::unix_ms());
        !r)
      return "journal: " + r.error();
  return std::nullopt;
}

std::optional<std::string> resolve_exchange(lighter::net::io_runner& runner,
                                            const node_inputs& in,
                                            node_books& books) {
  const auto& ex = in.cfg.exchange;
  books.rest_gate = make_rest_gate(runner, ex);
  auto markets = fetch_markets(runner, ex, books.rest_gate);
  if (!markets) return markets.error();
  books.exchange_markets = std::move(markets.value());
  auto setups = resolve_markets(in.cfg, books.exchange_markets);
  if (!setups) return setups.error();
  books.setups = std::move(setups.value());
  // Live: the pre-flight checks of `gridbot check`, before anything quotes.
  if (!in.opts.dry_run && in.trades &&
      !preflight_ok(runner, books.rest_gate, in.cfg, in.opts.config_path,
                    in.holds_key))
    return "a pre-flight check failed (lines above; `gridbot check "
           "--config " +
           in.opts.config_path + "` repeats them)";
  return std::nullopt;
}

std::optional<std::string> replay_ledger(node_books& books) {
  books.ledger = std::make_shared<session_ledger>();
  for (auto& m : books.setups)
    books.ledger->add_market(m.symbol, m.params.fees);
  auto replayed = books.ledger->replay(books.journal_path);
  if (!replayed)
    return "journal " + books.journal_path + ": " + replayed.error();
  spdlog::info("journal: {} entries of the current session replayed from {}",
               replayed.value(), books.journal_path);
  return std::nullopt;
}

} // namespace trailgrid::runtime
