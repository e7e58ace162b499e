#include "execution/market_executor.hpp"

#include "execution/reset_batches.hpp"

#include <algorithm>
#include <utility>

// g++ 12 at -O3 reports moves of the command variant as "maybe
// uninitialized" (a known false positive of the variant's storage).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace trailgrid::execution {

namespace {

int32_t creates_in(const std::vector<tx_intent>& b) {
  return static_cast<int32_t>(std::count_if(b.begin(), b.end(), is_create));
}

bool is_cancel(const tx_intent& t) {
  return !is_create(t);
}

} // namespace

market_executor::market_executor(executor_settings settings, int64_t now)
    : cfg_(settings), indexes_(client_index_space{settings.namespace_tag,
                                                  settings.market_index},
                               seed_from_time(now)) {}

// -- views --------------------------------------------------------------------

std::optional<market_executor::job_kind> market_executor::job() const {
  if (!job_) return std::nullopt;
  return job_->kind;
}

std::optional<market_executor::step> market_executor::step_now() const {
  if (!job_) return std::nullopt;
  return job_->now;
}

std::optional<uint64_t> market_executor::reset_in_flight() const {
  if (!job_ || job_->kind != job_kind::reset) return std::nullopt;
  return job_->grid.reset_seq;
}

size_t market_executor::batches_left() const {
  return job_ ? job_->batches.size() : 0;
}

std::optional<uint64_t> market_executor::reset_pending() const {
  if (!pending_) return std::nullopt;
  return pending_->reset_seq;
}

// -- grid and operator --------------------------------------------------------

executor_commands market_executor::on_grid(replace_grid g, int64_t now) {
  out_t out;
  if (g.market_index != cfg_.market_index) {
    ++counters_.foreign_events;
    return out;
  }
  if (last_seq_ && g.reset_seq <= *last_seq_) {
    ++counters_.stale_grids;
    return out;
  }
  last_seq_ = g.reset_seq;
  if (draining_) return out;
  if (pending_) ++counters_.superseded_grids;
  pending_ = std::move(g);
  start_next(now, out);
  return out;
}

void market_executor::on_new_grid() {
  last_seq_.reset();
}

executor_commands market_executor::on_cancel(int64_t now) {
  out_t out;
  request_cancel(false, now, out);
  return out;
}

executor_commands market_executor::on_pause(int64_t now) {
  out_t out;
  paused_ = true;
  request_cancel(true, now, out);
  return out;
}

executor_commands market_executor::on_resume(int64_t now) {
  out_t out;
  paused_ = false;
  halted_.clear();
  start_next(now, out);
  return out;
}

executor_commands market_executor::on_drain(int64_t now) {
  out_t out;
  draining_ = true;
  request_cancel(false, now, out);
  return out;
}

executor_commands market_executor::on_reconcile(uint64_t request, int64_t now) {
  out_t out;
  if (reconcile_waiting_)
    out.push_back(
        answer_reconcile{*reconcile_waiting_, false, {}, "superseded"});
  reconcile_waiting_ = request;
  start_next(now, out);
  return out;
}

// Cancels the market's orders after the current job; a running reset stops
// sending creates.
void market_executor::request_cancel(bool keep_pending, int64_t now,
                                     out_t& out) {
  cancel_waiting_ = true;
  cancel_confirmed_ = false;
  verify_attempts_ = 0;
  if (!keep_pending) pending_.reset();
  if (job_ && job_->kind == job_kind::reset) {
    job_->abort = true;
    if (job_->now == step::backing_off && !job_->needs_query) {
      begin_step(step::idle); // its wake is void now
      return run_front(now, out);
    }
  }
  start_next(now, out);
}

// -- jobs ---------------------------------------------------------------------

uint64_t market_executor::begin_step(step s) {
  job_->now = s;
  job_->token = next_token_++;
  return job_->token;
}

bool market_executor::still_current(uint64_t token) const {
  return job_ && job_->token == token;
}

int64_t market_executor::backoff_delay(int attempt) const {
  auto d = cfg_.backoff_base_ms;
  for (int i = 1; i < attempt && d < cfg_.backoff_cap_ms; ++i)
    d *= 2;
  return std::min(d, cfg_.backoff_cap_ms);
}

void market_executor::back_off(out_t& out) {
  auto token = begin_step(step::backing_off);
  out.push_back(wake_after{backoff_delay(job_->attempts), token});
}

void market_executor::start_next(int64_t now, out_t& out) {
  if (job_) return;
  auto start = [&](job_kind kind) {
    job_.emplace();
    job_->kind = kind;
  };
  if (reconcile_waiting_) {
    start(job_kind::reconcile);
    job_->request = reconcile_waiting_;
    job_->needs_query = true;
    reconcile_waiting_.reset();
    return query(out);
  }
  if (verify_due_ && !verify_waiting_) {
    verify_due_ = false;
    ++counters_.cancel_checks;
    start(job_kind::reconcile);
    job_->needs_query = true;
    return query(out);
  }
  if (cancel_waiting_) {
    cancel_waiting_ = false;
    start(job_kind::cancel);
    plan(orders_.client_indexes());
    return run_front(now, out);
  }
  if (pending_ && !quiet()) {
    start(job_kind::reset);
    job_->grid = std::move(*pending_);
    pending_.reset();
    plan(orders_.client_indexes());
    return run_front(now, out);
  }
}

// Plans the job's batches: cancels of `cancels`, and for a reset the levels
// of its grid under fresh client order indexes.
void market_executor::plan(const std::vector<int64_t>& cancels) {
  auto& j = *job_;
  std::vector<planned_create> creates;
  j.placed = 0;
  j.failed = 0;
  if (j.kind == job_kind::reset) {
    for (auto& level : j.grid.levels)
      creates.push_back({indexes_.next(), level});
    count_unchanged_levels(j.grid.levels, cancels);
  }
  auto batches =
      plan_reset_batches(cfg_.market_index, cancels, creates, cfg_.max_batch);
  j.batches.clear();
  if (batches.error) {
    last_error_ = *batches.error;
    j.failed = static_cast<int32_t>(creates.size());
    return;
  }
  for (auto& b : batches.batches)
    j.batches.push_back(std::move(b));
}

void market_executor::count_unchanged_levels(
    const std::vector<grid_level>& levels, const std::vector<int64_t>& live) {
  counters_.levels_placed += levels.size();
  std::vector<const tracked_order*> resting;
  for (auto coi : live)
    if (auto* o = orders_.find(coi)) resting.push_back(o);
  for (auto& level : levels) {
    auto same = std::find_if(resting.begin(), resting.end(), [&](auto* o) {
      return o && o->order_side == level.level_side &&
             o->price == level.price && o->remaining == level.size;
    });
    if (same == resting.end()) continue;
    ++counters_.levels_unchanged;
    *same = nullptr; // one order matches one level
  }
}

void market_executor::run_front(int64_t now, out_t& out) {
  auto& j = *job_;
  j.now = step::idle;
  while (!j.batches.empty()) {
    auto& b = j.batches.front();
    if (j.abort) {
      untrack_creates(b);
      j.failed += creates_in(b);
      b.erase(std::remove_if(b.begin(), b.end(), is_create), b.end());
    }
    // A cancel of an order that left the book meanwhile (filled, cancelled)
    // would fail the whole batch as already_gone: leave it out.
    drop_cancels_of_gone();
    if (!b.empty()) break;
    j.batches.pop_front();
    j.attempts = 0;
  }
  if (j.batches.empty()) return finish_job(now, out);
  send_front(now, out);
}

void market_executor::send_front(int64_t now, out_t& out) {
  auto& j = *job_;
  auto& front = j.batches.front();
  stamp_times(front, now + cfg_.order_lifetime_ms, now + cfg_.tx_deadline_ms);
  j.batch_id = next_batch_id_++;
  // Tracked before the answer: order events may overtake the batch reply.
  for (auto& t : front)
    if (is_create(t))
      orders_.add_sent(t.client_order_index,
                       t.is_ask ? strategy::side::ask : strategy::side::bid,
                       t.price, t.base_amount);
  ++counters_.batches_sent;
  auto token = begin_step(step::sending);
  const auto trigger = j.kind == job_kind::reset ? j.grid.trigger_ns : 0;
  out.push_back(send_txs{token, j.batch_id, front, trigger, urgent(j)});
}

void market_executor::next_batch(int64_t now, out_t& out) {
  job_->batches.pop_front();
  job_->attempts = 0;
  run_front(now, out);
}

void market_executor::give_up_front(std::string why, int64_t now, out_t& out) {
  auto& front = job_->batches.front();
  untrack_creates(front);
  job_->failed += creates_in(front);
  last_error_ = std::move(why);
  next_batch(now, out);
}

void market_executor::finish_job(int64_t now, out_t& out) {
  auto j = std::move(*job_);
  job_.reset();
  switch (j.kind) {
  case job_kind::reset:
    ++counters_.resets_done;
    out.push_back(reset_done{cfg_.market_index, j.grid.reset_seq, j.placed,
                             j.failed, now});
    break;
  case job_kind::reconcile:
    counters_.orphans_cancelled += static_cast<uint64_t>(j.orphans);
    if (j.request)
      out.push_back(
          answer_reconcile{*j.request,
                           true,
                           reconciled{cfg_.market_index, j.orphans,
                                      static_cast<int32_t>(orders_.size())},
                           {}});
    break;
  case job_kind::cancel:
    break;
  }
  if (quiet() && !cancel_confirmed_ && !verify_due_) {
    // Check with the exchange (and cancel what it still lists) after a
    // backoff: a cancel given up or an order we never knew must not rest.
    verify_due_ = true;
    verify_waiting_ = true;
    out.push_back(wake_after{backoff_delay(++verify_attempts_), 0});
  }
  start_next(now, out);
}

// The fate of the front batch is unknown (no answer, disconnect): read the
// exchange's live orders and plan the job again from there.
void market_executor::recover(int64_t now, out_t& out) {
  auto& j = *job_;
  if (++j.recoveries > cfg_.max_recoveries) {
    for (auto& b : j.batches)
      j.failed += creates_in(b);
    j.batches.clear();
    last_error_ =
        "gave up after " + std::to_string(j.recoveries - 1) + " reconciles";
    return finish_job(now, out);
  }
  j.batches.clear();
  j.needs_query = true;
  j.attempts = 0;
  query(out);
}

void market_executor::query(out_t& out) {
  out.push_back(query_orders{begin_step(step::querying)});
}

// -- the send path ------------------------------------------------------------

executor_commands market_executor::on_batch_reply(uint64_t token,
                                                  const batch_reply& r,
                                                  int64_t now) {
  out_t out;
  if (!still_current(token) || job_->now != step::sending) return out;
  auto& j = *job_;
  auto& b = j.batches.front();
  if (r.verdict != exchange_verdict::accepted) ++counters_.rejects[r.verdict];
  switch (r.verdict) {
  case exchange_verdict::accepted:
    on_accepted_batch(r, now, out);
    break;
  case exchange_verdict::retry_later:
    untrack_creates(b);
    if (++j.attempts >= cfg_.max_attempts)
      give_up_front("retry_later: " + r.message, now, out);
    else
      back_off(out);
    break;
  case exchange_verdict::resync_nonce:
    // The gateway told the signer, which reads the exchange's next nonce
    // before it signs this key's next batch.
    ++counters_.nonce_errors;
    untrack_creates(b);
    if (++j.attempts >= cfg_.max_attempts)
      give_up_front("invalid nonce: " + r.message, now, out);
    else
      run_front(now, out);
    break;
  case exchange_verdict::drop_order:
    if (creates_in(b) > 0)
      drop_creates(r, now, out);
    else
      forget_cancels(); // nothing else to drop: make progress
    run_front(now, out);
    break;
  case exchange_verdict::already_gone:
    on_already_gone(r, now, out);
    break;
  case exchange_verdict::fatal:
    on_fatal(r, now, out);
    break;
  case exchange_verdict::unknown:
    // The exchange may have taken the batch, but its answer is lost (or
    // none came in time): read the live orders and plan again.
    last_error_ = "unknown: " + r.message;
    recover(now, out);
    break;
  }
  return out;
}

void market_executor::on_accepted_batch(const batch_reply& r, int64_t now,
                                        out_t& out) {
  auto& j = *job_;
  for (auto& t : j.batches.front())
    if (is_create(t)) {
      ++j.placed;
      orders_.on_create_accepted(t.client_order_index, now);
    } else {
      orders_.remove(t.cancel_index); // on its way out
    }
  if (j.kind == job_kind::reset && !j.measured) {
    j.measured = true;
    if (r.trigger_ns > 0 && j.abort)
      ++counters_.resets_unmeasured_after_halt;
    else if (r.trigger_ns > 0 && r.written_ns >= r.trigger_ns)
      out.push_back(reset_latency{r.written_ns - r.trigger_ns});
  }
  next_batch(now, out);
}

// The exchange refuses the whole batch for one cancel of an order that left
// the book, and does not say which. One cancel: that one. Else leave out
// those we now know are gone; knowing of none, read which orders rest:
// forgetting every cancel of the batch would leave the others resting,
// unknown to us.
void market_executor::on_already_gone(const batch_reply& r, int64_t now,
                                      out_t& out) {
  auto& b = job_->batches.front();
  const auto cancels = b.size() - static_cast<size_t>(creates_in(b));
  if (cancels == 0) {
    drop_creates(r, now, out); // no cancel to blame: make progress
    return run_front(now, out);
  }
  if (cancels == 1) {
    forget_cancels();
    return run_front(now, out);
  }
  if (drop_cancels_of_gone() > 0) return run_front(now, out);
  for (auto& t : b)
    if (is_cancel(t)) orders_.let_listing_decide(t.cancel_index);
  last_error_ = "already gone: " + r.message;
  recover(now, out);
}

void market_executor::on_fatal(const batch_reply& r, int64_t now, out_t& out) {
  auto& j = *job_;
  untrack_creates(j.batches.front());
  halted_ = std::to_string(r.code) + " " + r.message;
  last_error_ = "fatal: " + halted_;
  // Halted: nothing of ours may rest unattended.
  cancel_waiting_ = true;
  cancel_confirmed_ = false;
  for (auto& rest : j.batches)
    j.failed += creates_in(rest);
  j.batches.clear();
  finish_job(now, out);
}

executor_commands market_executor::on_send_failed(uint64_t token,
                                                  send_failure f,
                                                  const std::string& why,
                                                  int64_t now) {
  if (f == send_failure::no_answer) {
    batch_reply r; // no answer in time: its fate is unknown
    r.verdict = exchange_verdict::unknown;
    r.message = why;
    return on_batch_reply(token, r, now);
  }
  out_t out;
  if (!still_current(token) || job_->now != step::sending) return out;
  // Nothing was signed: no nonce used, nothing on the exchange.
  auto& j = *job_;
  untrack_creates(j.batches.front());
  auto text = "sign: " + why;
  if (f == send_failure::refused || ++j.attempts >= cfg_.max_attempts) {
    give_up_front(std::move(text), now, out);
    return out;
  }
  last_error_ = std::move(text);
  back_off(out);
  return out;
}

executor_commands market_executor::on_live_orders(
    uint64_t token, const std::vector<live_order>& live, int64_t now) {
  out_t out;
  if (!still_current(token) || job_->now != step::querying) return out;
  auto& j = *job_;
  j.needs_query = false;
  j.attempts = 0;
  order_tracker seen;
  for (auto& o : live) {
    if (o.market_index != cfg_.market_index) continue;
    if (!is_ours(o.client_order_index)) continue; // foreign: leave it
    indexes_.bump_above(o.client_order_index);
    seen.adopt(o.client_order_index, o.order_index,
               o.is_ask ? strategy::side::ask : strategy::side::bid, o.price,
               o.remaining);
  }
  // The exchange's list is the truth for everything sent before the read,
  // but for creates it took that it may not list yet.
  auto orphans =
      orders_.take_listing(std::move(seen), now, cfg_.unseen_grace_ms);
  if (j.kind == job_kind::reconcile && quiet()) {
    // Nothing of ours may rest: cancel whatever the exchange lists.
    j.orphans = static_cast<int32_t>(orphans.size());
    if (orders_.size() == 0) cancel_confirmed_ = true;
    plan(orders_.client_indexes());
  } else if (j.kind == job_kind::reconcile) {
    // Policy: our orders that we do not know are cancelled, not adopted:
    // the grid re-quotes anyway, and an order nobody owns must not rest.
    j.orphans = static_cast<int32_t>(orphans.size());
    plan(orphans);
  } else {
    plan(orders_.client_indexes());
  }
  run_front(now, out);
  return out;
}

executor_commands market_executor::on_query_failed(uint64_t token,
                                                   const std::string& why,
                                                   int64_t now) {
  out_t out;
  if (!still_current(token) || job_->now != step::querying) return out;
  auto& j = *job_;
  last_error_ = "active orders: " + why;
  if (++j.attempts < cfg_.max_attempts) {
    back_off(out);
    return out;
  }
  if (j.kind == job_kind::reconcile) {
    if (j.request)
      out.push_back(answer_reconcile{*j.request, false, {}, last_error_});
    job_.reset();
    start_next(now, out);
    return out;
  }
  if (j.kind == job_kind::reset)
    j.failed = static_cast<int32_t>(j.grid.levels.size());
  finish_job(now, out);
  return out;
}

executor_commands market_executor::on_wake(uint64_t token, int64_t now) {
  out_t out;
  if (token == 0) { // the cancel check's backoff ended
    verify_waiting_ = false;
    start_next(now, out);
    return out;
  }
  if (!still_current(token) || job_->now != step::backing_off) return out;
  if (job_->needs_query)
    query(out);
  else
    run_front(now, out);
  return out;
}

// -- the account stream -------------------------------------------------------

// True when an event of the account stream is about an order of ours (the
// gateway routes only those; counted otherwise, and left alone).
template <class Event>
bool market_executor::ours(const Event& ev) {
  if (ev.market_index == cfg_.market_index && is_ours(ev.client_order_index))
    return true;
  ++counters_.foreign_events;
  return false;
}

// The grid has the fill from the gateway, right behind this one, unless the
// exchange reported it without a client order index: then only the order
// book here can tell it is ours, and passes it on.
executor_commands market_executor::on_fill(fill f) {
  out_t out;
  bool unnamed = f.client_order_index == 0;
  if (unnamed) f.client_order_index = orders_.client_index_of(f.order_index);
  if (!ours(f)) return out;
  orders_.on_fill(f.client_order_index, f.order_index, f.remaining);
  hurry(out);
  if (unnamed) out.push_back(std::move(f));
  return out;
}

// The grid answers a fill with a reset once the job running now is done, so
// the job's batches must not wait behind other markets' resets: a start grid
// (or a re-centred one) would otherwise place its levels after every reset
// of the account, and this market's fill with them.
void market_executor::hurry(out_t& out) {
  if (!job_ || urgent(*job_)) return;
  job_->hurried = true;
  if (job_->now == step::sending) out.push_back(hurry_batch{job_->batch_id});
}

bool market_executor::urgent(const job_state& j) {
  return (j.kind == job_kind::reset && j.grid.trigger_ns > 0) || j.hurried;
}

executor_commands market_executor::on_accepted(const order_accepted& a) {
  // An order of ours we did not know (its batch's fate was unknown): adopt
  // it so the next reset cancels it.
  if (ours(a) && !orders_.on_accepted(a.client_order_index, a.order_index))
    orders_.adopt(a.client_order_index, a.order_index, strategy::side::bid,
                  strategy::price_ticks{}, strategy::qty_lots{});
  return {};
}

executor_commands market_executor::on_cancelled(const order_cancelled& c) {
  if (ours(c)) orders_.remove(c.client_order_index);
  return {};
}

executor_commands market_executor::on_rejected(const order_rejected& r) {
  if (ours(r)) orders_.remove(r.client_order_index);
  return {};
}

// -- batch surgery ------------------------------------------------------------

// The creates of the front batch were refused: forget them, tell the grid,
// and keep the rest of the batch.
void market_executor::drop_creates(const batch_reply& r, int64_t now,
                                   out_t& out) {
  auto& j = *job_;
  auto& b = j.batches.front();
  for (auto& t : b) {
    if (!is_create(t)) continue;
    orders_.remove(t.client_order_index);
    ++j.failed;
    out.push_back(order_rejected{cfg_.market_index, t.client_order_index, 0,
                                 reject_class_of(r.code, r.message), r.code,
                                 r.message, now});
  }
  b.erase(std::remove_if(b.begin(), b.end(), is_create), b.end());
}

// The cancels of the front batch hit orders that are gone: treat them as
// done and keep the rest of the batch.
void market_executor::forget_cancels() {
  auto& b = job_->batches.front();
  for (auto& t : b)
    if (is_cancel(t)) orders_.remove(t.cancel_index);
  b.erase(std::remove_if(b.begin(), b.end(), is_cancel), b.end());
}

// Leaves out of the front batch the cancels of orders no longer tracked (a
// fill or cancel event came meanwhile); how many it left out.
size_t market_executor::drop_cancels_of_gone() {
  auto& b = job_->batches.front();
  auto before = b.size();
  b.erase(std::remove_if(b.begin(), b.end(),
                         [&](const tx_intent& t) {
                           return is_cancel(t) &&
                                  orders_.find(t.cancel_index) == nullptr;
                         }),
          b.end());
  return before - b.size();
}

void market_executor::untrack_creates(const std::vector<tx_intent>& b) {
  for (auto& t : b)
    if (is_create(t)) orders_.remove(t.client_order_index);
}

} // namespace trailgrid::execution
