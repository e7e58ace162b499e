#include "runtime/admin/admin_service.hpp"

#include "runtime/admin/admin_actor.hpp"
#include "runtime/admin/admin_token.hpp"
#include "runtime/admin/metrics.hpp"
#include "runtime/admin/node_network.hpp"

#include "lighter/net/http_router.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/server.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::runtime {

struct admin_service::impl {
  caf::actor_system& sys;
  admin_service_config cfg;
  messages::admin_actor actor;
  uint16_t admin_port = 0;
  uint16_t metrics_port = 0;
  std::unique_ptr<lighter::net::io_runner> io;
  std::unique_ptr<lighter::net::server> http;

  impl(caf::actor_system& s, admin_service_config c)
      : sys(s), cfg(std::move(c)) {}

  ~impl() {
    if (http) http->stop();
    http.reset();
    if (io) io->stop();
    if (actor) {
      if (admin_port != 0) sys.middleman().unpublish(actor, admin_port);
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    }
  }

  // GET /metrics: the node's tree as Prometheus text (runs on the io
  // thread; blocks it for at most the timeout).
  lighter::net::http_reply metrics() {
    caf::scoped_actor self{sys};
    lighter::net::http_reply reply;
    reply.content_type = std::string{metrics_content_type};
    self->request(cfg.root, std::chrono::seconds(5),
                  messages::status_atom::value)
        .receive(
            [&](messages::actor_status& tree) {
              reply.body = render_metrics(cfg.rt.node_name, tree);
            },
            [&](caf::error& err) {
              reply.status = 503;
              reply.body =
                  "# node root did not answer: " + sys.render(err) + "\n";
            });
    return reply;
  }
};

admin_service::admin_service(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

admin_service::~admin_service() = default;

uint16_t admin_service::admin_port() const {
  return impl_->admin_port;
}

uint16_t admin_service::metrics_port() const {
  return impl_->metrics_port;
}

const messages::admin_actor& admin_service::actor() const {
  return impl_->actor;
}

expected<std::unique_ptr<admin_service>, std::string>
admin_service::start(caf::actor_system& sys, admin_service_config cfg) {
  auto p = std::make_unique<impl>(sys, std::move(cfg));
  auto& rt = p->cfg.rt;
  if (rt.admin_port != 0) {
    if (!rt.tls() && !is_loopback_address(rt.admin_bind))
      return "admin_bind " + rt.admin_bind +
             " is not loopback: the admin service needs certificates there";
    admin_actor_config ac;
    ac.token = p->cfg.token;
    ac.root = p->cfg.root;
    ac.config_path = p->cfg.config_path;
    ac.config_text = p->cfg.config_text;
    ac.role = std::string{to_string(rt.role)};
    ac.hooks = p->cfg.hooks;
    ac.validate = [path = p->cfg.config_path](const std::string& text) {
      return validate_config_text(text, path);
    };
    p->actor = sys.spawn(admin_actor_impl, std::move(ac));
    auto port = publish_actor(p->actor, rt.admin_port, rt.admin_bind, rt.tls());
    if (!port) return "admin service: " + port.error();
    p->admin_port = port.value();
    spdlog::info("admin: service on {}:{} ({})", rt.admin_bind, p->admin_port,
                 rt.tls() ? "mutual TLS" : "plain, loopback only");
  }
  if (rt.metrics_port != 0) {
    p->io = std::make_unique<lighter::net::io_runner>("metrics-io");
    lighter::net::http_router router;
    auto* raw = p.get();
    router.add("GET", "/metrics",
               [raw](const lighter::net::incoming_request& req) {
                 const auto& token = raw->cfg.metrics_token;
                 if (!token.empty() &&
                     !bearer_matches(token, req.header("Authorization")))
                   return lighter::net::http_reply{
                       401, "text/plain; charset=utf-8",
                       "metrics: a bearer token is required\n"};
                 return raw->metrics();
               });
    lighter::net::server_options opts;
    opts.address = rt.metrics_bind;
    opts.port = rt.metrics_port;
    p->http = std::make_unique<lighter::net::server>(*p->io, opts, router);
    auto port = p->http->start();
    if (!port)
      return "metrics endpoint on " + rt.metrics_bind + ":" +
             std::to_string(rt.metrics_port) + ": " + port.error().message;
    p->metrics_port = port.value();
    spdlog::info("admin: metrics on http://{}:{}/metrics ({})", rt.metrics_bind,
                 p->metrics_port,
                 p->cfg.metrics_token.empty() ? "no token, loopback"
                                              : "bearer token");
  }
  return std::unique_ptr<admin_service>(new admin_service(std::move(p)));
}

std::string validate_config_text(const std::string& text,
                                 const std::string& path) {
  auto c = parse_config(text, path);
  if (c) return {};
  return c.error().to_string();
}

} // namespace trailgrid::runtime
