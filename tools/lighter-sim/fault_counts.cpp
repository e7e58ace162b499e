#include "tools/lighter-sim/fault_counts.hpp"

namespace trailgrid::sim {

nlohmann::json to_json(const fault_counts& c) {
  return nlohmann::json{{"ws_drops", c.ws_drops},
                        {"session_age_closes", c.session_age_closes},
                        {"injected_rejects", c.injected_rejects},
                        {"nonce_desyncs", c.nonce_desyncs},
                        {"malformed_frames", c.malformed_frames},
                        {"stalled_frames", c.stalled_frames},
                        {"stalled_account_frames", c.stalled_account_frames},
                        {"delayed_frames", c.delayed_frames},
                        {"reordered_frames", c.reordered_frames},
                        {"rest_outage_refusals", c.rest_outage_refusals},
                        {"rest_outage_tx_refusals", c.rest_outage_tx_refusals},
                        {"ws_outage_drops", c.ws_outage_drops},
                        {"partial_fills", c.partial_fills}};
}

} // namespace trailgrid::sim
