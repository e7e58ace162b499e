#pragma once

// Helpers the sign_sequencer tests share.

#include "execution/sign_sequencer.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

namespace trailgrid::execution::test {

inline sign_ticket ticket(uint64_t id, uint8_t key, int32_t count,
                          bool urgent = false, int64_t deadline = 10'000) {
  sign_ticket t;
  t.id = id;
  t.key = key;
  t.market = static_cast<int32_t>(id);
  t.count = count;
  t.urgent = urgent;
  t.deadline_ms = deadline;
  return t;
}

/// The commands of kind `k` among `cmds`, in order.
inline std::vector<sign_command> of(const sign_commands& cmds,
                                    sign_command::kind k) {
  std::vector<sign_command> out;
  std::copy_if(cmds.begin(), cmds.end(), std::back_inserter(out),
               [k](const sign_command& c) { return c.what == k; });
  return out;
}

inline int64_t next_of(const sign_sequencer& s, uint8_t key) {
  return s.view(key).value().next_nonce;
}

inline size_t waiting_of(const sign_sequencer& s, uint8_t key) {
  return s.view(key).value().waiting;
}

} // namespace trailgrid::execution::test
