#pragma once

#include "tools/lighter-sim/exchange.hpp"
#include "tools/lighter-sim/faults.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::sim {

/// An HTTP request as the server layer hands it over.
struct http_request {
  std::string method; // "GET" / "POST"
  /// Path with query, e.g. "/api/v1/nextNonce?account_index=1".
  std::string target;
  std::string body;
  /// The Authorization header (empty when absent).
  std::string authorization;
};

/// The answer: HTTP status and a JSON body.
struct http_response {
  int status = 200;
  std::string body;
};

/// One outgoing WebSocket text frame.
struct out_frame {
  uint64_t session = 0;
  std::string text;
  /// Fault injection: hold the frame this long before sending.
  ms_t delay_ms = 0;
};

/// Cryptographic checks, plugged in by the server (real Schnorr) or left
/// empty (everything well-formed is accepted).
struct verifiers {
  /// Verifies the signature `sig` (the tx_info's Sig; absent fails) of a
  /// parsed transaction with a public key (80 hex). On success sets
  /// `tx_hash` (80 hex) and returns true.
  std::function<bool(const sim_tx& tx,
                     const std::optional<lighter::crypto::signature_bytes>& sig,
                     const std::string& public_key, std::string& tx_hash)>
      tx;
  /// Verifies the signature part (160 hex) of an auth token over `message`
  /// ("deadline:account:key") with a public key.
  std::function<bool(const std::string& message, const std::string& sig_hex,
                     const std::string& public_key)>
      auth;
};

/// Splits "a=1&b=x%20y" into a map (percent- and '+'-decoded); empty when
/// an escape is malformed (the request then misses its fields).
std::map<std::string, std::string> parse_form(std::string_view text);

/// The exchange's REST and WebSocket protocol over an `exchange`, without
/// sockets: the server layer feeds requests and frames in and writes what
/// comes out. Time is an argument everywhere.
class sim_api {
public:
  /// Serves `ex`; `start` is the simulator start (for time-based faults).
  sim_api(exchange& ex, verifiers v, ms_t start);

  /// Answers one REST request.
  http_response handle_http(const http_request& req, ms_t now);

  /// Opens a WebSocket session at `now` (its age counts from there);
  /// returns its id and the "connected" frame.
  std::pair<uint64_t, std::string> open_session(ms_t now = 0);
  /// Handles one client text frame; returns the replies to that session.
  std::vector<std::string> on_ws_text(uint64_t session, std::string_view text,
                                      ms_t now);
  /// Forgets a session.
  void close_session(uint64_t session);
  /// Turns exchange events into frames for the subscribed sessions, with
  /// the stall, malformed, reorder and delay faults applied.
  std::vector<out_frame> publish(const std::vector<sim_event>& events,
                                 ms_t now);
  /// WebSocket drops due so far (fault); the server closes all sockets each
  /// time this grows.
  int64_t drops_due(ms_t now) const;
  /// True inside a WebSocket outage window (fault): the server drops every
  /// socket, new ones as they open.
  bool ws_down(ms_t now) const;
  /// Sessions that reached the configured maximum age (fault) by `now`;
  /// each is returned once and counted, the server closes it normally.
  std::vector<uint64_t> sessions_to_close(ms_t now);
  /// Channels (inbound form) a session is subscribed to.
  const std::set<std::string>* subscriptions(uint64_t session) const;

private:
  struct session {
    std::set<std::string> channels;
    ms_t opened = 0;
    bool closing = false;
  };
  struct tx_reply {
    std::optional<sim_error> error;
    std::vector<std::string> hashes;
    ms_t predicted = 0;
  };

  /// A read-only token made by tokens/create.
  struct read_only_token {
    int64_t account = 0;
    std::string scope; ///< "single" or "all" (no sub-accounts here: alike)
    int64_t expiry_s = 0;
  };

  tx_reply submit(const std::vector<int>& types,
                  const std::vector<std::string>& infos, ms_t now,
                  lighter::limits::tx_channel channel);
  http_response rest_send_tx(const std::map<std::string, std::string>& form,
                             bool batch, const std::string& authorization,
                             ms_t now);
  /// POST tokens/create: a read-only token for an account, authorised by a
  /// signed auth token of that account.
  http_response create_token(const std::map<std::string, std::string>& form,
                             const std::string& authorization, ms_t now);
  /// An error frame in the configured shape.
  std::string ws_error(int code, const std::string& message) const;
  std::optional<sim_error> check_auth(const std::string& token, int64_t account,
                                      ms_t now,
                                      const std::string& context) const;
  std::vector<std::string> subscribe(uint64_t id, session& s,
                                     const std::string& channel,
                                     const std::string& auth, ms_t now);
  /// The readers_ index: sessions subscribed to a channel.
  void add_reader(const std::string& channel, uint64_t session);
  void remove_reader(const std::string& channel, uint64_t session);
  bool has_readers(const std::string& channel) const;
  /// Hands each frame (channel, text) to its channel's sessions with the
  /// stall, malformed, reorder and delay faults applied; takes the texts.
  std::vector<out_frame>
  deliver(std::vector<std::pair<std::string, std::string>>& frames, ms_t now);
  std::string ws_tx(const std::string& type, const nlohmann::json& data,
                    ms_t now);
  /// The REST outage fault: a 503 during an outage window (the simulator's
  /// own /sim/ paths stay up), counted.
  std::optional<http_response> rest_outage(const std::string& path, ms_t now);
  /// GET /sim/record: the record from `since`, the injected fault counts
  /// and the exchange's end state (markets, positions, live orders, nonces).
  http_response sim_record(size_t since) const;
  /// POST /sim/...: operator actions (market status, position, collateral).
  http_response sim_action(const std::string& path,
                           const std::map<std::string, std::string>& form);

  exchange& ex_;
  verifiers v_;
  ms_t start_;
  fault_plan faults_;
  std::map<uint64_t, session> sessions_;
  /// Sessions of each channel some session is subscribed to (inbound form):
  /// publish builds only the frames someone reads.
  std::map<std::string, std::set<uint64_t>> readers_;
  uint64_t next_session_ = 1;
  uint64_t frame_seq_ = 0;
  uint64_t data_seq_ = 0;
  std::map<std::string, read_only_token> read_only_tokens_;
  uint64_t token_seq_ = 0;
};

} // namespace trailgrid::sim
