#pragma once

#include "tools/lighter-sim/sim_api.hpp"

#include <cstdint>

namespace trailgrid::sim {

/// Real Schnorr checks (lighter_tx / lighter_crypto) of tx_info signatures
/// for `chain_id` and of auth tokens; decoded public keys are cached with
/// their precomputed tables.
verifiers schnorr_verifiers(uint32_t chain_id);

} // namespace trailgrid::sim
