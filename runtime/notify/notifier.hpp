#pragma once

// The notifier: an actor that reads the node's status tree every poll_ms,
// turns what changed into events (status_watch), lets the policy decide
// what is sent (notify_policy) and POSTs each message to a webhook
// (webhook_format) on an HTTP client of its own. It never blocks trading:
// markets do not wait on it, its HTTP runs on its own io thread, and a slow
// or dead webhook only delays its own messages (retried, then dropped with
// a log line).
//
//   notifier n{sys, cfg, root};        // starts polling
//   n.report(event);                   // e.g. orders left at exit
//   n.flush(5s);                       // before the process exits
//
// Secrets: the URL is never logged (loggable_url keeps scheme and host).

#include "messages/interfaces.hpp"
#include "messages/status.hpp"
#include "runtime/config.hpp"
#include "runtime/expected.hpp"
#include "runtime/notify/notify_policy.hpp"
#include "runtime/notify/status_watch.hpp"
#include "runtime/notify/webhook_format.hpp"
#include "runtime/secret.hpp"

#include "caf/actor.hpp"
#include "caf/fwd.hpp"
#include "caf/typed_actor.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// Poll the root's status (self-sent every poll interval).
using notify_poll_atom = caf::atom_constant<caf::atom("ntf_poll")>;
/// An event from outside the status tree (gridbot at exit).
using notify_atom = caf::atom_constant<caf::atom("notify")>;
/// A POST finished (from the io thread).
using notify_sent_atom = caf::atom_constant<caf::atom("ntf_sent")>;
/// Time to POST a failed message again.
using notify_retry_atom = caf::atom_constant<caf::atom("ntf_retry")>;
/// Send everything held now; answer once nothing is in flight.
using notify_flush_atom = caf::atom_constant<caf::atom("ntf_flush")>;

/// The notifier's interface (local to the node; nothing crosses hosts).
using notifier_actor = caf::typed_actor<
    // self -> notifier: read the root's status, send what changed.
    caf::reacts_to<notify_poll_atom>,
    // gridbot -> notifier: kind, severity (notify_severity), subject, text,
    // group of an event the status tree cannot show.
    caf::reacts_to<notify_atom, std::string, int32_t, std::string, std::string,
                   std::string>,
    // io thread -> notifier: message id, HTTP status (0: no answer), error.
    caf::reacts_to<notify_sent_atom, uint64_t, int32_t, std::string>,
    // self -> notifier: POST message `id` again.
    caf::reacts_to<notify_retry_atom, uint64_t>,
    // gridbot -> notifier: release held events, answer true once every
    // message is delivered or given up.
    caf::replies_to<notify_flush_atom>::with<bool>,
    // anyone -> notifier: counters (sent, failed, suppressed, ...).
    caf::replies_to<messages::status_atom>::with<messages::actor_status>>;

/// Posts one body; calls `done(status, error)` exactly once, from any
/// thread (status 0 with an error when there was no HTTP answer).
using webhook_post = std::function<void(
    std::string body, std::function<void(int status, std::string error)> done)>;

/// Spawn arguments of the notifier actor.
struct notifier_config {
  std::string node = "node";
  webhook_preset preset = webhook_preset::json;
  std::string telegram_chat_id;
  std::string url_for_logs; ///< loggable_url of the webhook
  notify_limits limits;
  watch_options watch;
  std::chrono::milliseconds poll{2000};
  /// Where messages go (the notifier class wires an HTTP client here).
  webhook_post post;
  /// The node root to poll: anything answering `status_atom` with an
  /// actor_status (none: only report()ed events are sent).
  caf::actor root;
  /// Unix ms now; default: the system clock.
  std::function<int64_t()> unix_now_ms;
};

/// State of the notifier actor (public for tests).
struct notifier_state {
  struct outgoing {
    std::string body;
    int attempt = 0;
    std::string summary; ///< first line of the text, for logs
  };
  notifier_config cfg;
  std::unique_ptr<status_watch> watch;
  std::unique_ptr<notify_policy> policy;
  std::map<uint64_t, outgoing> in_flight;
  uint64_t next_id = 1;
  uint64_t delivered = 0;
  uint64_t failed = 0;
  uint64_t retries = 0;
  uint64_t polls_failed = 0;
  std::string last_error;
  std::vector<caf::typed_response_promise<bool>> flushes;

  static inline const char* name = "trailgrid.notifier";
};

/// The notifier actor (see the top of the file).
notifier_actor::behavior_type
notifier_actor_impl(notifier_actor::stateful_pointer<notifier_state> self,
                    notifier_config cfg);

/// Settings of [notify] resolved for a node: the URL from
/// $TRAILGRID_WEBHOOK_URL, else the file named by
/// $TRAILGRID_WEBHOOK_URL_FILE (a systemd credential), else
/// webhook_url_file, else webhook_url; nothing when none is set
/// (notifications off); an error for a URL file that cannot be read or is
/// readable by others, or a URL that does not parse.
struct webhook_target {
  secret url{""};
  webhook_preset preset = webhook_preset::json;
};
expected<std::optional<webhook_target>, std::string>
resolve_webhook(const notify_config& c, const env_lookup& env = process_env);

/// The notifier with its own HTTP client and io thread (one per node).
class notifier {
public:
  /// Starts the actor (polling `root` when valid) and its HTTP client.
  notifier(caf::actor_system& sys, const config& c, webhook_target target,
           messages::node_root_actor root);
  /// Stops the actor, then the HTTP client, then its io thread.
  ~notifier();
  notifier(const notifier&) = delete;
  notifier& operator=(const notifier&) = delete;

  /// Queues an event (any thread).
  void report(const notify_event& e);
  /// Sends what is held and waits up to `limit` for every message to be
  /// delivered or given up; false on timeout.
  bool flush(std::chrono::milliseconds limit);
  /// The actor.
  const notifier_actor& handle() const { return actor_; }

private:
  struct http;
  caf::actor_system& sys_;
  std::unique_ptr<http> http_;
  notifier_actor actor_;
};

} // namespace trailgrid::runtime
