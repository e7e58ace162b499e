// gridctl: the operator's tool for a trailgrid deployment. Talks to each
// node's admin service over CAF's middleman (mutual TLS with --tls-dir).

#include "tools/gridctl/cli.hpp"
#include "tools/gridctl/render.hpp"

#include "messages/admin.hpp"
#include "messages/errors.hpp"
#include "messages/register_types.hpp"
#include "runtime/admin/admin_token.hpp"
#include "runtime/admin/node_network.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"
#include "caf/openssl/all.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

using namespace trailgrid;
using namespace trailgrid::gridctl;
using messages::admin_actor;

namespace {

std::atomic<bool> interrupted{false};

void on_sigint(int) {
  interrupted = true;
}

struct gridctl_config : caf::actor_system_config {
  gridctl_config() {
    messages::register_types(*this);
    // Quiet CAF: gridctl prints its own errors.
    set("logger.verbosity", caf::atom("quiet"));
  }
};

/// A failure with the exit code it maps to.
struct failure {
  int code = exit_failure;
  std::string text; ///< without the node
  std::string node;
};

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

/// Maps a CAF error from a node to an exit code and a clear message.
failure classify(caf::actor_system& sys, const std::string& node,
                 const caf::error& err, double timeout_s) {
  if (err.category() == caf::atom("admin") &&
      err.code() == static_cast<uint8_t>(messages::admin_error::bad_token))
    return {exit_bad_token,
            "wrong admin token (check --token-file or "
            "$TRAILGRID_ADMIN_TOKEN)",
            node};
  if (err.category() == caf::atom("admin"))
    return {exit_reload_refused, sys.render(err), node};
  if (err.category() == caf::atom("trailgrid") &&
      err.code() == static_cast<uint8_t>(messages::error_code::unknown_market))
    return {exit_unknown_market, sys.render(err), node};
  if (err == caf::sec::request_timeout)
    return {exit_unreachable,
            "unreachable: no answer within " + seconds_text(timeout_s) + " s",
            node};
  if (err.category() == caf::atom("system"))
    return {exit_unreachable, "unreachable: " + sys.render(err), node};
  return {exit_failure, sys.render(err), node};
}

class client {
public:
  client(caf::actor_system& sys, const options& o, std::string token, bool tls)
      : sys_(sys), o_(o), token_(std::move(token)), tls_(tls), self_(sys) {}

  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(static_cast<int64_t>(o_.timeout_s * 1000));
  }

  /// The node's admin actor, connecting on first use.
  std::variant<admin_actor, failure> connect(const std::string& node) {
    if (auto i = handles_.find(node); i != handles_.end()) return i->second;
    auto hp = runtime::parse_host_port(node);
    if (!hp)
      return failure{exit_usage, "bad node address (want HOST:PORT)", node};
    caf::io::middleman_actor mm = tls_ ? sys_.openssl_manager().actor_handle()
                                       : sys_.middleman().actor_handle();
    std::variant<admin_actor, failure> out = failure{};
    self_
        ->request(mm, timeout(), caf::connect_atom::value, hp->first,
                  hp->second)
        .receive(
            [&](const caf::node_id&, caf::strong_actor_ptr& ptr,
                const std::set<std::string>&) {
              auto h = caf::actor_cast<admin_actor>(ptr);
              if (!h)
                out = failure{exit_unreachable,
                              "unreachable: no admin service there", node};
              else
                out = h;
            },
            [&](caf::error& err) {
              auto f = classify(sys_, node, err, o_.timeout_s);
              f.code = exit_unreachable;
              if (err != caf::sec::request_timeout)
                f.text = "unreachable: " + sys_.render(err);
              if (!tls_ && f.text.find("disconnect") != std::string::npos)
                f.text += " (the node may require TLS: pass --tls-dir)";
              out = f;
            });
    if (auto h = std::get_if<admin_actor>(&out)) handles_[node] = *h;
    return out;
  }

  /// Sends a request that answers one string; the answer or a failure.
  template <class... Ts>
  std::variant<std::string, failure> call(const std::string& node, Ts... xs) {
    auto h = connect(node);
    if (auto f = std::get_if<failure>(&h)) return *f;
    std::variant<std::string, failure> out = failure{};
    self_->request(std::get<admin_actor>(h), timeout(), xs...)
        .receive([&](std::string& s) { out = s; },
                 [&](caf::error& err) {
                   out = classify(sys_, node, err, o_.timeout_s);
                 });
    return out;
  }

  /// One node's tree (or why not).
  node_reply status(const std::string& node) {
    node_reply r;
    r.node = node;
    auto h = connect(node);
    if (auto f = std::get_if<failure>(&h)) {
      r.error = f->text;
      codes_[node] = f->code;
      return r;
    }
    self_
        ->request(std::get<admin_actor>(h), timeout(),
                  messages::status_atom::value, token_)
        .receive([&](messages::actor_status& s) { r.tree = std::move(s); },
                 [&](caf::error& err) {
                   auto f = classify(sys_, node, err, o_.timeout_s);
                   r.error = f.text;
                   codes_[node] = f.code;
                 });
    return r;
  }

  std::vector<node_reply> status_all() {
    std::vector<node_reply> out;
    for (auto& n : o_.nodes)
      out.push_back(status(n));
    return out;
  }

  /// The worst exit code of the status requests so far (0 when all ok).
  int status_code() const {
    int c = exit_ok;
    for (auto& [n, code] : codes_)
      c = std::max(c, code);
    return c;
  }

  /// reload on one node: (text, digest) or a failure.
  std::variant<std::pair<std::string, std::string>, failure>
  reload(const std::string& node, const std::string& text,
         const std::string& confirm) {
    auto h = connect(node);
    if (auto f = std::get_if<failure>(&h)) return *f;
    std::variant<std::pair<std::string, std::string>, failure> out = failure{};
    // Applying may restart markets (drain, cancel): allow more time.
    auto t = confirm.empty() ? timeout() : timeout() * 6;
    self_
        ->request(std::get<admin_actor>(h), t, messages::reload_atom::value,
                  token_, text, confirm)
        .receive(
            [&](std::string& a, std::string& b) {
              out = std::make_pair(std::move(a), std::move(b));
            },
            [&](caf::error& err) {
              auto f = classify(sys_, node, err, o_.timeout_s);
              if (err.category() == caf::atom("admin"))
                f.code = exit_reload_refused;
              out = f;
            });
    return out;
  }

  const std::string& token() const { return token_; }

private:
  caf::actor_system& sys_;
  const options& o_;
  std::string token_;
  bool tls_;
  caf::scoped_actor self_;
  std::map<std::string, admin_actor> handles_;
  std::map<std::string, int> codes_;
};

int print_failure(const failure& f) {
  std::fprintf(stderr, "gridctl: node %s: %s\n", f.node.c_str(),
               f.text.c_str());
  return f.code;
}

int cmd_tree_or_status(client& c, const options& o) {
  auto replies = c.status_all();
  std::string out;
  if (o.command == "tree")
    out = o.json ? tree_json(replies) : render_tree(replies);
  else
    out = o.json ? status_json(replies) : render_status_table(replies);
  std::fputs(out.c_str(), stdout);
  for (auto& r : replies)
    if (!r.tree)
      std::fprintf(stderr, "gridctl: node %s: %s\n", r.node.c_str(),
                   r.error.c_str());
  return c.status_code();
}

// pause / resume / cancel MARKET: on every node; ok when one node runs it.
template <class Atom>
int cmd_market(client& c, const options& o, Atom atom) {
  int worst = exit_ok;
  bool done = false;
  std::vector<failure> unknown;
  for (auto& n : o.nodes) {
    auto r = c.call(n, atom, c.token(), o.argument);
    if (auto s = std::get_if<std::string>(&r)) {
      std::printf("%s: %s\n", n.c_str(), s->c_str());
      done = true;
      continue;
    }
    auto& f = std::get<failure>(r);
    if (f.code == exit_unknown_market) {
      unknown.push_back(f);
      continue;
    }
    worst = std::max(worst, print_failure(f));
  }
  if (done) return worst;
  if (worst != exit_ok) return worst;
  // No node runs it: say which markets exist.
  std::string known;
  for (auto& r : c.status_all())
    if (r.tree)
      for (auto* m : find_markets(*r.tree))
        known += (known.empty() ? "" : ", ") + m->name + " on " + r.node;
  std::fprintf(stderr, "gridctl: unknown market '%s' (running: %s)\n",
               o.argument.c_str(), known.empty() ? "none" : known.c_str());
  return exit_unknown_market;
}

int cmd_drain(client& c, const options& o) {
  auto node = o.argument;
  if (node.find(':') == std::string::npos) node += ":4242";
  auto r = c.call(node, messages::drain_atom::value, c.token());
  if (auto f = std::get_if<failure>(&r)) return print_failure(*f);
  std::printf("%s: %s\n", node.c_str(), std::get<std::string>(r).c_str());
  return exit_ok;
}

// Polls `node` until it no longer answers (bounded); true when it is gone.
bool wait_until_gone(client& c, const std::string& node,
                     std::chrono::seconds patience) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!c.status(node).tree) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

// stop: market nodes first, then the others once the market nodes are gone:
// a stopping market node cancels its orders, and needs the signer for that.
int cmd_stop(client& c, const options& o) {
  std::vector<std::pair<int, std::string>> order;
  for (auto& n : o.nodes) {
    auto r = c.status(n);
    int rank = 1;
    if (r.tree) {
      auto i = r.tree->figures.find("role");
      if (i != r.tree->figures.end() && i->second == "market") rank = 0;
    }
    order.emplace_back(rank, n);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](auto& a, auto& b) { return a.first < b.first; });
  int worst = exit_ok;
  std::vector<std::string> stopping_markets;
  for (auto& [rank, n] : order) {
    if (rank > 0)
      for (auto& m : stopping_markets)
        if (!wait_until_gone(c, m, std::chrono::seconds(90)))
          std::fprintf(stderr, "gridctl: %s: still running after 90 s\n",
                       m.c_str());
    if (rank > 0) stopping_markets.clear();
    auto r = c.call(n, messages::stop_atom::value, c.token());
    if (auto f = std::get_if<failure>(&r)) {
      worst = std::max(worst, print_failure(*f));
      continue;
    }
    std::printf("%s: %s\n", n.c_str(), std::get<std::string>(r).c_str());
    std::fflush(stdout);
    if (rank == 0) stopping_markets.push_back(n);
  }
  return worst;
}

int cmd_reload(client& c, const options& o) {
  std::string text;
  if (!o.config.empty()) {
    std::ifstream in(o.config);
    if (!in) {
      std::fprintf(stderr, "gridctl: cannot read %s\n", o.config.c_str());
      return exit_usage;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    if (text.empty()) {
      std::fprintf(stderr, "gridctl: %s is empty\n", o.config.c_str());
      return exit_usage;
    }
  }
  std::vector<std::pair<std::string, std::string>> pending; // node, digest
  int worst = exit_ok;
  for (auto& n : o.nodes) {
    auto r = c.reload(n, text, "");
    if (auto f = std::get_if<failure>(&r)) {
      worst = std::max(worst, print_failure(*f));
      continue;
    }
    auto& [diff, digest] = std::get<0>(r);
    std::printf("== %s\n%s", n.c_str(), diff.c_str());
    if (diff != "no changes\n") pending.emplace_back(n, digest);
  }
  if (worst != exit_ok || pending.empty()) return worst;
  if (!o.yes) {
    std::printf("apply these changes? [y/N] ");
    std::fflush(stdout);
    std::string answer;
    if (!std::getline(std::cin, answer) ||
        (answer != "y" && answer != "Y" && answer != "yes")) {
      std::printf("not applied\n");
      return exit_reload_refused;
    }
  }
  for (auto& [n, digest] : pending) {
    auto r = c.reload(n, text, digest);
    if (auto f = std::get_if<failure>(&r)) {
      worst = std::max(worst, print_failure(*f));
      continue;
    }
    std::printf("== %s applied\n%s", n.c_str(), std::get<0>(r).first.c_str());
  }
  return worst;
}

int cmd_watch(client& c, const options& o) {
  std::signal(SIGINT, on_sigint);
  std::signal(SIGTERM, on_sigint);
  int code = exit_ok;
  while (!interrupted) {
    auto replies = c.status_all();
    code = c.status_code();
    std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%H:%M:%S", std::localtime(&now));
    // Home the cursor and clear the screen, then draw (like top).
    std::string frame = "\x1b[H\x1b[2J";
    frame += std::string{"gridctl watch  "} + stamp + "  every " +
             seconds_text(o.interval_s) + " s  (Ctrl-C to quit)\n\n";
    frame += render_status_table(replies);
    std::fputs(frame.c_str(), stdout);
    std::fflush(stdout);
    auto until =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(o.interval_s * 1000));
    while (!interrupted && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::fputs("\n", stdout);
  return code == exit_unreachable || code == exit_bad_token ? code : exit_ok;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (auto& a : args)
    if (a == "--help" || a == "-h" || a == "help") {
      std::fputs(usage_text().c_str(), stdout);
      return exit_ok;
    }
  auto parsed = parse_args(args);
  if (auto err = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "gridctl: %s (try gridctl --help)\n", err->c_str());
    return exit_usage;
  }
  auto& o = std::get<options>(parsed);
  // Token: --token-file, else $TRAILGRID_ADMIN_TOKEN, else the default file.
  auto token_file =
      o.token_file.empty() ? runtime::default_admin_token_file() : o.token_file;
  auto token = o.token_file.empty()
                   ? runtime::load_admin_token(token_file, false)
                   : runtime::load_admin_token(
                         token_file, false,
                         [](const char* name) -> std::optional<std::string> {
                           // An explicit file wins over the environment.
                           if (std::string{name} == runtime::admin_token_env)
                             return std::nullopt;
                           return runtime::process_env(name);
                         });
  if (!token) {
    std::fprintf(stderr, "gridctl: %s\n", token.error().c_str());
    return exit_bad_token;
  }
  runtime::tls_files tls{o.cert, o.key, o.ca};
  std::string tls_dir = o.tls_dir;
  if (tls_dir.empty() && !tls.enabled())
    if (auto d = runtime::process_env("TRAILGRID_TLS_DIR")) tls_dir = *d;
  if (!tls_dir.empty())
    tls = {tls_dir + "/gridctl.pem", tls_dir + "/gridctl.key",
           tls_dir + "/ca.pem"};
  if (tls.enabled()) {
    if (auto problem = runtime::check_tls_files(tls); !problem.empty()) {
      std::fprintf(stderr, "gridctl: %s\n", problem.c_str());
      return exit_usage;
    }
  }
  gridctl_config cfg;
  runtime::configure_network(cfg, tls);
  caf::actor_system sys{cfg};
  client c{sys, o, token.value().value, tls.enabled()};
  if (o.command == "tree" || o.command == "status")
    return cmd_tree_or_status(c, o);
  if (o.command == "pause")
    return cmd_market(c, o, messages::pause_atom::value);
  if (o.command == "resume")
    return cmd_market(c, o, messages::resume_atom::value);
  if (o.command == "cancel")
    return cmd_market(c, o, messages::cancel_atom::value);
  if (o.command == "drain") return cmd_drain(c, o);
  if (o.command == "stop") return cmd_stop(c, o);
  if (o.command == "reload") return cmd_reload(c, o);
  if (o.command == "watch") return cmd_watch(c, o);
  return exit_usage;
}
