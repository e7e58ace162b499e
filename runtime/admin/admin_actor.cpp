#include "runtime/admin/admin_actor.hpp"

#include "runtime/admin/admin_token.hpp"
#include "runtime/admin/config_diff.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace trailgrid::runtime {

using namespace messages;

namespace {

using self_ptr = admin_actor::stateful_pointer<admin_actor_state>;

// Nothing when the token matches; the bad_token error otherwise.
std::optional<caf::error> check(self_ptr self, const std::string& token) {
  auto& st = self->state;
  ++st.requests;
  if (token_matches(st.cfg.token, token)) return std::nullopt;
  ++st.bad_tokens;
  spdlog::warn("admin: refused a request with a wrong admin token ({} so far)",
               st.bad_tokens);
  return make_error(admin_error::bad_token,
                    "wrong admin token: use the node's token file or "
                    "$TRAILGRID_ADMIN_TOKEN");
}

caf::error no_root() {
  return make_error(admin_error::not_supported, "this node has no root actor");
}

template <class... Ts>
caf::result<std::string> forward(self_ptr self, Ts... xs) {
  auto& st = self->state;
  if (!st.cfg.root) return no_root();
  return self->delegate(st.cfg.root, xs...);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Applies a reload plan through the root: removals, then restarts
// (remove + add), then additions. Replies once every step answered.
caf::result<std::string, std::string> apply_plan(self_ptr self,
                                                 reload_plan plan,
                                                 std::string text,
                                                 std::string digest) {
  auto& st = self->state;
  if (!st.cfg.root) return no_root();
  auto rp = self->make_response_promise<std::string, std::string>();
  struct job {
    std::vector<std::string> log;
    size_t pending = 0;
    bool failed = false;
  };
  auto j = std::make_shared<job>();
  auto root = st.cfg.root;
  auto timeout = st.cfg.timeout;
  auto finish = [=]() mutable {
    if (--j->pending != 0) return;
    self->state.cfg.config_text = text;
    std::string out;
    for (auto& l : j->log)
      out += l + "\n";
    if (!plan.needs_restart.empty()) {
      out += "not applied until the node restarts:";
      for (auto& k : plan.needs_restart)
        out += " " + k;
      out += "\n";
    }
    if (out.empty()) out = "nothing to apply\n";
    if (j->failed)
      rp.deliver(make_error(admin_error::reload_incomplete, "\n" + out));
    else
      rp.deliver(out, digest);
  };
  bool adopted = static_cast<bool>(st.cfg.hooks.adopt_config);
  if (adopted) st.cfg.hooks.adopt_config(text);
  auto add = [=](const std::string& sym) mutable {
    self->request(root, timeout, add_market_atom::value, sym,
                  adopted ? std::string{} : plan.market_settings.at(sym))
        .then(
            [=](std::string& r) mutable {
              j->log.push_back(r);
              finish();
            },
            [=](caf::error& e) mutable {
              j->log.push_back("start " + sym +
                               " failed: " + self->system().render(e));
              j->failed = true;
              finish();
            });
  };
  j->pending = 1; // released at the end of this function
  for (auto& sym : plan.remove_markets) {
    ++j->pending;
    self->request(root, timeout, remove_market_atom::value, sym)
        .then(
            [=](std::string& r) mutable {
              j->log.push_back(r);
              finish();
            },
            [=](caf::error& e) mutable {
              j->log.push_back("stop " + sym +
                               " failed: " + self->system().render(e));
              j->failed = true;
              finish();
            });
  }
  for (auto& sym : plan.restart_markets) {
    ++j->pending;
    self->request(root, timeout, remove_market_atom::value, sym)
        .then(
            [=](std::string& r) mutable {
              j->log.push_back(r);
              add(sym);
            },
            [=](caf::error& e) mutable {
              j->log.push_back("restart " + sym +
                               " failed: " + self->system().render(e));
              j->failed = true;
              finish();
            });
  }
  for (auto& sym : plan.add_markets) {
    ++j->pending;
    add(sym);
  }
  finish();
  return rp;
}

caf::result<std::string, std::string>
reload(self_ptr self, const std::string& given, const std::string& confirm) {
  auto& st = self->state;
  std::string text = given;
  if (text.empty()) {
    auto t = read_file(st.cfg.config_path);
    if (!t)
      return make_error(admin_error::bad_config,
                        "cannot read " + st.cfg.config_path);
    text = *t;
  }
  if (st.cfg.validate)
    if (auto errs = st.cfg.validate(text); !errs.empty())
      return make_error(admin_error::bad_config, errs);
  auto plan = plan_reload(st.cfg.config_text, text, st.cfg.config_path);
  if (!plan) return make_error(admin_error::bad_config, plan.error());
  auto digest = text_digest(st.cfg.config_text + '\0' + text);
  if (confirm.empty())
    return caf::result<std::string, std::string>(render_plan(plan.value()),
                                                 digest);
  if (confirm != digest)
    return make_error(admin_error::stale_reload,
                      "the config or the node changed since the diff was "
                      "shown; run reload again");
  spdlog::info("admin: applying a config reload ({} changed keys)",
               plan.value().changes.size());
  return apply_plan(self, std::move(plan.value()), text, digest);
}

} // namespace

admin_actor::behavior_type admin_actor_impl(self_ptr self,
                                            admin_actor_config cfg) {
  self->state.cfg = std::move(cfg);
  return {
      [=](status_atom a,
          const std::string& token) -> caf::result<actor_status> {
        if (auto err = check(self, token)) return *err;
        auto& st = self->state;
        if (!st.cfg.root) return no_root();
        auto rp = self->make_response_promise<actor_status>();
        self->request(st.cfg.root, st.cfg.timeout, a)
            .then(
                [=](actor_status& s) mutable {
                  s.figures["role"] = self->state.cfg.role;
                  rp.deliver(std::move(s));
                },
                [=](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [=](pause_atom a, const std::string& token,
          const std::string& market) -> caf::result<std::string> {
        if (auto err = check(self, token)) return *err;
        return forward(self, a, market);
      },
      [=](resume_atom a, const std::string& token,
          const std::string& market) -> caf::result<std::string> {
        if (auto err = check(self, token)) return *err;
        return forward(self, a, market);
      },
      [=](cancel_atom a, const std::string& token,
          const std::string& market) -> caf::result<std::string> {
        if (auto err = check(self, token)) return *err;
        return forward(self, a, market);
      },
      [=](drain_atom a, const std::string& token) -> caf::result<std::string> {
        if (auto err = check(self, token)) return *err;
        return forward(self, a);
      },
      [=](stop_atom a, const std::string& token) -> caf::result<std::string> {
        if (auto err = check(self, token)) return *err;
        if (!self->state.cfg.root) return no_root();
        spdlog::info("admin: stop requested by gridctl");
        if (self->state.cfg.hooks.request_stop)
          self->state.cfg.hooks.request_stop();
        else
          self->send(self->state.cfg.root, a);
        return std::string{"stopping"};
      },
      [=](reload_atom, const std::string& token, const std::string& text,
          const std::string& confirm) -> caf::result<std::string, std::string> {
        if (auto err = check(self, token)) return *err;
        return reload(self, text, confirm);
      },
  };
}

} // namespace trailgrid::runtime
