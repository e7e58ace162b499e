#pragma once

#include "lighter/codec/rate_limiter.hpp"
#include "lighter/codec/tiers.hpp"

#include <cstdint>

namespace trailgrid::execution {

/// What one unit of the account's sendTx budget counts.
enum class quota_unit : uint8_t {
  request, ///< one sendTx / sendTxBatch request (or WS tx frame), any size
  tx,      ///< one transaction inside a request
};

/// The account's sendTx budget under a tier: a token bucket of `capacity`
/// units refilled by `refill_per_minute` units a minute, counted per L1
/// address (all API keys and sub-accounts together).
struct quota_rules {
  quota_unit unit = quota_unit::request;
  /// Largest burst, in units; the bucket starts full.
  int64_t capacity = 60;
  /// Units that come back per minute (continuously).
  int64_t refill_per_minute = 60;
  /// tx unit only: CancelOrder txs (single-order cancels) cost nothing.
  bool cancel_order_free = false;
  /// One unit every this many ms is free on top of the bucket (0: none).
  int64_t free_every_ms = 0;
};

/// The quota of `tier`. The numbers live here until the shared tier table
/// exists; see the protocol notes (section 13) for how sure each one is:
/// - standard: 60 requests/min, a batch is one request;
/// - premium: 4,000 txs/min (the lowest stake level), CancelOrder free and
///   one free tx every 15 s (the volume quota's rules as third parties
///   describe them; not confirmed by the exchange's own pages).
quota_rules rules_for(lighter::account_tier tier);

/// `r` with one second of refill (at least one unit) held back from its
/// burst: a request reaches the exchange a varying time after we count it,
/// and two requests the network squeezes closer than we sent them must not
/// find the exchange's bucket empty. The rate stays the same.
quota_rules with_arrival_reserve(quota_rules r);

/// A budget that never binds (a simulator with its quota lifted).
quota_rules lifted_rules();

/// "request" / "tx".
const char* to_string(quota_unit unit);

} // namespace trailgrid::execution
