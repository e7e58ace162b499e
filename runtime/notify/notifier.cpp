#include "runtime/notify/notifier.hpp"

#include "lighter/net/https_client.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/unix_time.hpp"
#include "lighter/net/url.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace trailgrid::runtime {

using namespace messages;

namespace {

using self_ptr = notifier_actor::stateful_pointer<notifier_state>;

int64_t now_ms(self_ptr self) {
  if (self->state.cfg.unix_now_ms) return self->state.cfg.unix_now_ms();
  return lighter::net::unix_ms();
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

void settle_flushes(self_ptr self) {
  auto& st = self->state;
  if (!st.in_flight.empty() || !st.policy->idle()) return;
  for (auto& rp : st.flushes)
    rp.deliver(true);
  st.flushes.clear();
}

void post(self_ptr self, uint64_t id) {
  auto& st = self->state;
  auto i = st.in_flight.find(id);
  if (i == st.in_flight.end() || !st.cfg.post) return;
  ++i->second.attempt;
  auto me = caf::actor_cast<notifier_actor>(self);
  st.cfg.post(i->second.body, [me, id](int status, std::string error) {
    caf::anon_send(me, notify_sent_atom::value, id, int32_t{status},
                   std::move(error));
  });
}

void dispatch(self_ptr self, std::optional<notify_message> m) {
  if (!m) return;
  auto& st = self->state;
  auto text = message_text(*m, st.cfg.node);
  spdlog::info("notify: {} ({} event(s)) -> {}", first_line(text),
               m->events.size(), st.cfg.url_for_logs);
  auto id = st.next_id++;
  st.in_flight[id] = {
      webhook_body(st.cfg.preset, *m, st.cfg.node, st.cfg.telegram_chat_id), 0,
      first_line(text)};
  post(self, id);
}

void offer_all(self_ptr self, std::vector<notify_event> events) {
  auto now = now_ms(self);
  for (auto& e : events)
    dispatch(self, self->state.policy->offer(std::move(e), now));
  dispatch(self, self->state.policy->tick(now));
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  actor_status s;
  s.name = "notifier";
  s.kind = "notifier";
  s.mailbox_size = self->mailbox().size();
  auto& f = s.figures;
  f["webhook"] = st.cfg.url_for_logs;
  f["preset"] = std::string{to_string(st.cfg.preset)};
  f["messages"] = std::to_string(st.policy->messages());
  f["delivered"] = std::to_string(st.delivered);
  f["failed"] = std::to_string(st.failed);
  f["retries"] = std::to_string(st.retries);
  f["duplicates"] = std::to_string(st.policy->duplicates());
  f["filtered"] = std::to_string(st.policy->filtered());
  f["in_flight"] = std::to_string(st.in_flight.size());
  if (!st.last_error.empty()) f["last_error"] = st.last_error;
  return s;
}

} // namespace

notifier_actor::behavior_type notifier_actor_impl(self_ptr self,
                                                  notifier_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.watch = std::make_unique<status_watch>(st.cfg.watch);
  st.policy = std::make_unique<notify_policy>(st.cfg.limits);
  self->send(self, notify_poll_atom::value);
  return {
      [=](notify_poll_atom) {
        auto& s = self->state;
        self->delayed_send(self, s.cfg.poll, notify_poll_atom::value);
        dispatch(self, s.policy->tick(now_ms(self)));
        if (!s.cfg.root) return;
        self->request(s.cfg.root, s.cfg.poll, status_atom::value)
            .then(
                [=](const actor_status& tree) {
                  offer_all(self,
                            self->state.watch->observe(tree, now_ms(self)));
                },
                [=](const caf::error&) { ++self->state.polls_failed; });
      },
      [=](notify_atom, const std::string& kind, int32_t severity,
          const std::string& subject, const std::string& text,
          const std::string& group) {
        notify_event e;
        e.kind = kind;
        e.severity =
            static_cast<notify_severity>(std::clamp<int32_t>(severity, 0, 2));
        e.subject = subject;
        e.text = text;
        e.group = group;
        e.ts_ms = now_ms(self);
        std::vector<notify_event> one;
        one.push_back(std::move(e));
        offer_all(self, std::move(one));
      },
      [=](notify_sent_atom, uint64_t id, int32_t status,
          const std::string& error) {
        auto& s = self->state;
        auto i = s.in_flight.find(id);
        if (i == s.in_flight.end()) return;
        if (status >= 200 && status < 300) {
          ++s.delivered;
          s.in_flight.erase(i);
          settle_flushes(self);
          return;
        }
        auto why = status == 0 ? error : "HTTP " + std::to_string(status);
        s.last_error = why;
        auto delay = webhook_retry_delay_ms(status, i->second.attempt);
        if (delay && s.flushes.empty()) {
          ++s.retries;
          spdlog::warn("notify: {} failed ({}); retry in {} ms",
                       s.cfg.url_for_logs, why, *delay);
          self->delayed_send(self, std::chrono::milliseconds{*delay},
                             notify_retry_atom::value, id);
          return;
        }
        ++s.failed;
        spdlog::error("notify: gave up on '{}' after {} attempt(s): {} ({})",
                      i->second.summary, i->second.attempt, why,
                      s.cfg.url_for_logs);
        s.in_flight.erase(i);
        settle_flushes(self);
      },
      [=](notify_retry_atom, uint64_t id) { post(self, id); },
      [=](notify_flush_atom) -> caf::result<bool> {
        auto& s = self->state;
        dispatch(self, s.policy->drain(now_ms(self)));
        if (s.in_flight.empty()) return true;
        auto rp = self->make_response_promise<bool>();
        s.flushes.push_back(rp);
        return rp;
      },
      [=](status_atom) { return make_status(self); },
  };
}

expected<std::optional<webhook_target>, std::string>
resolve_webhook(const notify_config& c, const env_lookup& env) {
  std::optional<secret> url;
  std::string origin;
  auto file_var = env("TRAILGRID_WEBHOOK_URL_FILE");
  if (auto v = env("TRAILGRID_WEBHOOK_URL"); v && !v->empty()) {
    url.emplace(std::move(*v));
    origin = "$TRAILGRID_WEBHOOK_URL";
  } else if (file_var && !file_var->empty()) {
    auto k = read_key_file(*file_var, "TRAILGRID_WEBHOOK_URL_FILE");
    if (!k) return k.error();
    url.emplace(std::move(k.value()));
    origin = *file_var;
  } else if (!c.webhook_url_file.empty()) {
    auto k = read_key_file(c.webhook_url_file, "[notify] webhook_url_file");
    if (!k) return k.error();
    url.emplace(std::move(k.value()));
    origin = c.webhook_url_file;
  } else if (!c.webhook_url.empty()) {
    url.emplace(c.webhook_url);
    origin = "[notify] webhook_url";
  }
  if (!url) return std::optional<webhook_target>{};
  auto parsed = lighter::net::parse_url(url->reveal());
  if (!parsed || parsed->websocket())
    return "the webhook URL of " + origin +
           " is not an http:// or https:// URL (" +
           (parsed ? std::string{"a WebSocket URL"} : parsed.error().message) +
           ")";
  bool ok = true;
  auto preset = parse_webhook_format(c.format, ok);
  webhook_target t;
  t.preset = preset ? *preset : detect_webhook_preset(url->reveal());
  if (t.preset == webhook_preset::telegram && c.telegram_chat_id.empty())
    return "the webhook URL of " + origin +
           " is Telegram's: [notify] telegram_chat_id must name the chat";
  t.url = std::move(*url);
  return std::optional<webhook_target>{std::move(t)};
}

/// The HTTP client and its io thread.
struct notifier::http {
  lighter::net::io_runner runner{"notify-io"};
  std::shared_ptr<lighter::net::https_client> client;
  std::string target;
};

notifier::notifier(caf::actor_system& sys, const config& c,
                   webhook_target target, messages::node_root_actor root)
    : sys_(sys), http_(std::make_unique<http>()) {
  auto u = lighter::net::parse_url(target.url.reveal());
  notifier_config nc;
  nc.node = c.runtime.node_name;
  nc.preset = target.preset;
  nc.telegram_chat_id = c.notify.telegram_chat_id;
  nc.url_for_logs = loggable_url(target.url.reveal());
  nc.limits.dedupe_ms = c.notify.dedupe_s * 1000;
  nc.limits.max_per_minute = c.notify.max_per_minute;
  nc.limits.min_severity = parse_notify_severity(c.notify.min_severity)
                               .value_or(notify_severity::info);
  nc.limits.kinds = c.notify.events;
  nc.watch.node = c.runtime.node_name;
  nc.watch.hold_grace_ms = c.notify.hold_grace_s * 1000;
  nc.poll = std::chrono::milliseconds{c.notify.poll_ms};
  nc.root = caf::actor_cast<caf::actor>(root);
  if (u) {
    auto base = u.value();
    http_->target = base.target;
    base.target = "/";
    lighter::net::http_options ho;
    ho.connect_timeout = std::chrono::milliseconds{c.notify.timeout_ms};
    ho.request_timeout = std::chrono::milliseconds{c.notify.timeout_ms};
    ho.max_body_bytes = 1u << 20;
    http_->client = std::make_shared<lighter::net::https_client>(
        http_->runner, std::move(base), lighter::net::tls_options{}, ho);
    std::weak_ptr<lighter::net::https_client> weak = http_->client;
    auto path = http_->target;
    nc.post = [weak, path](std::string body,
                           std::function<void(int, std::string)> done) {
      auto client = weak.lock();
      if (!client) {
        done(0, "the notifier is shutting down");
        return;
      }
      lighter::net::http_request r;
      r.method = "POST";
      r.target = path;
      r.body = std::move(body);
      r.content_type = "application/json";
      client->async_request(std::move(r), [done = std::move(done)](auto res) {
        if (res)
          done(res->status, {});
        else
          done(0, std::string{lighter::net::to_string(res.error().code)} +
                      ": " + res.error().message);
      });
    };
  }
  spdlog::info("notify: critical events go to {} ({} preset)", nc.url_for_logs,
               to_string(nc.preset));
  actor_ = sys_.spawn(notifier_actor_impl, std::move(nc));
}

notifier::~notifier() {
  if (actor_) {
    caf::scoped_actor self{sys_};
    self->monitor(actor_);
    self->send_exit(actor_, caf::exit_reason::user_shutdown);
    self->receive([](caf::down_msg&) {},
                  caf::after(std::chrono::seconds(2)) >> [] {});
  }
  http_->client.reset(); // queued requests complete as cancelled
  http_->runner.stop();
}

void notifier::report(const notify_event& e) {
  caf::anon_send(actor_, notify_atom::value, e.kind,
                 static_cast<int32_t>(e.severity), e.subject, e.text, e.group);
}

bool notifier::flush(std::chrono::milliseconds limit) {
  caf::scoped_actor self{sys_};
  bool done = false;
  self->request(actor_, limit, notify_flush_atom::value)
      .receive([&](bool ok) { done = ok; }, [&](caf::error&) {});
  return done;
}

} // namespace trailgrid::runtime
