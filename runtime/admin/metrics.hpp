#pragma once

// Renders a node's status tree as Prometheus metrics (text exposition format
// 0.0.4), for GET /metrics on the admin host. Pure: the caller fetches the
// tree.

#include "messages/status.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// The Content-Type of the text format.
inline constexpr std::string_view metrics_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

/// Every actor of `tree` as metrics labelled {node, market, actor, kind}:
/// state, restarts, uptime, mailbox; known figures as named counters and
/// gauges (resets, fills, volume, PnL, position, reconnects, nonce errors,
/// signer throughput, ...), the reset latency histogram
/// (trailgrid_reset_latency_seconds) from "reset_latency_ms.*" figures, and
/// any other numeric figure as trailgrid_figure{figure="..."}. `market` is
/// the name of the enclosing market_supervisor ("" outside markets).
std::string render_metrics(std::string_view node,
                           const messages::actor_status& tree);

/// Parses a figure as a number: "98,500.25" -> 98500.25, "0.25 %" -> 0.25,
/// "yes"/"no" -> 1/0; nothing when it is not a number.
std::optional<double> figure_number(std::string_view text);

/// Escapes a label value (backslash, double quote, newline).
std::string escape_label(std::string_view v);

} // namespace trailgrid::runtime
