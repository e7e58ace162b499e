#include "runtime/admin/node_services.hpp"

#include "actors/signer_gate.hpp"
#include "runtime/admin/admin_service.hpp"
#include "runtime/admin/admin_token.hpp"
#include "runtime/admin/node_network.hpp"
#include "runtime/admin/signer_link.hpp"
#include "runtime/commands.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::runtime {

namespace {

tls_files tls_of(const runtime_config& rt) {
  return {rt.tls_cert_file, rt.tls_key_file, rt.tls_ca_file};
}

} // namespace

void node_services::configure(caf::actor_system_config& cfg,
                              const runtime_config& rt) {
  configure_network(cfg, tls_of(rt));
  // A fill's reset crosses five actors; a polling worker that went to
  // sleep adds up to 10 ms at each hop (work stealing), a blocked one is
  // woken at once (sharing).
  if (rt.scheduler == "stealing")
    cfg.set("scheduler.policy", caf::atom("stealing"));
  else
    cfg.set("scheduler.policy", caf::atom("sharing"));
}

node_services::node_services(caf::actor_system& sys, const config& c,
                             std::string config_text)
    : sys_(sys), cfg_(c), config_text_(std::move(config_text)) {
  auto& rt = cfg_.runtime;
  if (rt.tls()) problem_ = check_tls_files(tls_of(rt));
  if (!problem_.empty()) return;
  if (rt.role != node_role::all_in_one) {
    auto admin_file = rt.admin_token_file.empty() ? default_admin_token_file()
                                                  : rt.admin_token_file;
    auto token = load_signer_token(rt.signer_token_file, admin_file,
                                   rt.role == node_role::signer ||
                                       rt.signer_token_file.empty());
    if (!token) {
      problem_ = "signer token: " + token.error();
      return;
    }
    signer_token_ = token.value().value;
    spdlog::info("node: signer token from {}", token.value().source);
    if (!rt.tls())
      spdlog::warn("node: the signer link runs WITHOUT TLS "
                   "(allow_plain_signer = true; loopback only)");
  }
  auto hook = resolve_webhook(cfg_.notify);
  if (!hook) {
    problem_ = "[notify]: " + hook.error();
    return;
  }
  webhook_ = std::move(hook.value());
  if (rt.role == node_role::market) {
    signer_link_config lc;
    lc.host = rt.signer_host;
    lc.port = rt.signer_port;
    lc.tls = rt.tls();
    // Unique per process even when two nodes share a node_name.
    lc.origin = rt.node_name + "@" + to_string(sys_.node());
    lc.token = signer_token_;
    link_ = spawn_signer_link(sys_, lc);
    spdlog::info("node: market node; signer node at {}:{} ({})", rt.signer_host,
                 rt.signer_port, rt.tls() ? "TLS" : "plain");
  }
}

node_services::~node_services() {
  notifier_.reset();
  admin_.reset();
  if (link_) caf::anon_send_exit(link_, caf::exit_reason::user_shutdown);
  if (gate_ && signer_port_ != 0)
    sys_.middleman().unpublish(gate_, signer_port_);
  if (gate_) caf::anon_send_exit(gate_, caf::exit_reason::user_shutdown);
}

void node_services::notify_exit(int exit_code,
                                const std::vector<std::string>& orders_left) {
  if (!notifier_) return;
  const auto& node = cfg_.runtime.node_name;
  if (exit_code == exit_failure) {
    notify_event e;
    e.kind = std::string{notify_kind::node_failed};
    e.severity = notify_severity::critical;
    e.subject = node;
    e.text = "node " + node + " stopped on a failure (see its log)";
    notifier_->report(e);
  }
  if (exit_code == exit_orders_left || !orders_left.empty()) {
    notify_event e;
    e.kind = std::string{notify_kind::orders_left};
    e.severity = notify_severity::critical;
    e.subject = node;
    if (orders_left.empty()) {
      e.text = "stopped, but the exchange could not be asked whether orders "
               "of ours still rest there: check the account";
    } else {
      e.text = std::to_string(orders_left.size()) +
               " order(s) of ours may still rest on the exchange after the "
               "shutdown sweep: ";
      for (size_t i = 0; i < orders_left.size() && i < 5; ++i)
        e.text += (i ? "; " : "") + orders_left[i];
      if (orders_left.size() > 5) e.text += "; ...";
    }
    notifier_->report(e);
  }
  if (!notifier_->flush(std::chrono::seconds(5)))
    spdlog::warn("notify: messages still undelivered at exit");
}

messages::signer_actor node_services::remote_signer() const {
  return link_;
}

void node_services::publish(messages::signer_actor signer) {
  if (cfg_.runtime.role == node_role::signer) published_ = std::move(signer);
}

std::string node_services::start(messages::node_root_actor root,
                                 node_hooks hooks) {
  if (!problem_.empty()) return problem_;
  auto& rt = cfg_.runtime;
  if (link_) caf::anon_send(link_, messages::link_root_atom::value, root);
  if (webhook_ && !notifier_)
    notifier_ =
        std::make_unique<notifier>(sys_, cfg_, std::move(*webhook_), root);
  if (rt.role == node_role::signer) {
    if (!published_)
      return "signer node: no signer to publish (is LIGHTER_PRIVATE_KEY "
             "set?)";
    execution::signer_grant grant;
    grant.token = signer_token_;
    for (auto k : rt.signer_peer_keys)
      grant.keys.insert(static_cast<uint8_t>(k));
    for (auto m : rt.signer_peer_markets)
      grant.markets.insert(m);
    actors::signer_gate_config gc;
    gc.signer = published_;
    gc.access = execution::signer_access{{grant}};
    gc.counters = peer_counters_;
    gate_ = actors::spawn_signer_gate(sys_, std::move(gc));
    auto port = publish_actor(gate_, rt.signer_port, rt.signer_bind, rt.tls());
    if (!port) return "signer node: " + port.error();
    signer_port_ = port.value();
    spdlog::info("node: signer published on {}:{} ({}, peers need the "
                 "signer token)",
                 rt.signer_bind, signer_port_,
                 rt.tls() ? "mutual TLS" : "plain, loopback");
  }
  if (rt.admin_port == 0 && rt.metrics_port == 0) return {};
  auto file = rt.admin_token_file.empty() ? default_admin_token_file()
                                          : rt.admin_token_file;
  auto token = load_admin_token(file, true);
  if (!token) return "admin token: " + token.error();
  spdlog::info("admin: token from {}", token.value().source);
  admin_service_config ac;
  ac.rt = rt;
  ac.token = token.value().value;
  if (rt.metrics_port != 0 && !rt.metrics_token_file.empty()) {
    auto m = load_metrics_token(rt.metrics_token_file);
    if (!m) return "metrics token: " + m.error();
    ac.metrics_token = m.value().value;
  }
  ac.config_path = cfg_.path;
  ac.config_text = config_text_;
  ac.root = root;
  ac.hooks = std::move(hooks);
  auto svc = admin_service::start(sys_, std::move(ac));
  if (!svc) return svc.error();
  admin_ = std::move(svc.value());
  return {};
}

} // namespace trailgrid::runtime
