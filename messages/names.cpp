// to_string for the enums of the message structs (logs, status, CAF's
// deep_to_string).

#include "messages/signing.hpp"
#include "messages/status.hpp"

namespace trailgrid::messages {

std::string to_string(tx_verdict x) {
  switch (x) {
  case tx_verdict::accepted:
    return "accepted";
  case tx_verdict::invalid_nonce:
    return "invalid_nonce";
  case tx_verdict::rejected_other:
    return "rejected_other";
  case tx_verdict::uncertain:
    return "uncertain";
  }
  return "tx_verdict(?)";
}

std::string to_string(run_state x) {
  switch (x) {
  case run_state::running:
    return "running";
  case run_state::backing_off:
    return "backing_off";
  case run_state::paused:
    return "paused";
  case run_state::halted:
    return "halted";
  case run_state::stopped:
    return "stopped";
  }
  return "run_state(?)";
}

} // namespace trailgrid::messages
