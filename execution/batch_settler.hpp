#pragma once

// The gateway's pure core for batches on their way to the exchange: which
// are in flight, and what became of those whose reply never came.
//
// A reply can be lost (the socket closed, the reply timed out) after the
// exchange took the batch, or before it saw it. Guessing either way is
// wrong: resending a taken batch places orders twice, and treating an unseen
// one as taken leaves a hole in the key's nonces. The exchange's next nonce
// for the key says which: nonces below it were consumed. So a lost batch
// waits for that answer, then is settled exactly.

#include "execution/sign_sequencer.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace trailgrid::execution {

/// One batch the gateway wrote (or tried to write) to the exchange.
struct sent_batch {
  uint64_t id = 0; ///< the gateway's handle
  uint8_t api_key = 0;
  int64_t first_nonce = 0;
  int32_t count = 0;
  int64_t sent_ms = 0;
};

/// A lost batch, settled from the exchange's next nonce.
struct settled_batch {
  sent_batch batch;
  nonce_fate fate = nonce_fate::uncertain;
};

/// In-flight batches and the settling of lost ones.
class batch_settler {
public:
  /// `id` went out (or is about to).
  void on_sent(sent_batch b);
  /// The exchange answered `id`: it leaves the set. Nothing when unknown
  /// (already settled).
  std::optional<sent_batch> take(uint64_t id);
  /// The reply to `id` will not come: it waits for its key's next nonce.
  /// True when that key needs a nonce query (none is waiting yet).
  bool on_lost(uint64_t id);
  /// The exchange expects `next` for `key`: every lost batch of that key is
  /// settled (consumed when next is past its last nonce, not consumed when
  /// next is at or before its first, uncertain in between).
  std::vector<settled_batch> on_nonce(uint8_t key, int64_t next);
  /// Keys with lost batches (to ask again after a failed query).
  std::vector<uint8_t> keys_to_settle() const;

  size_t in_flight() const { return in_flight_.size(); }
  size_t lost() const;

private:
  std::map<uint64_t, sent_batch> in_flight_;
  std::map<uint8_t, std::vector<sent_batch>> lost_;
};

} // namespace trailgrid::execution
