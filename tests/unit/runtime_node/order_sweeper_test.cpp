#define CAF_SUITE order_sweeper
#include "caf/test/unit_test.hpp"

#include "runtime/order_sweeper.hpp"

#include "execution/client_index.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <memory>

using namespace trailgrid;
using namespace trailgrid::runtime;
using namespace trailgrid::messages;
using namespace std::chrono_literals;

namespace {

constexpr uint8_t tag = execution::client_index_space::default_tag;

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

caf::result<caf::message> ignore(caf::scheduled_actor*, caf::message_view&) {
  return caf::message{};
}

int64_t ours(int32_t market, uint64_t seq) {
  return execution::client_index_space{tag, market}.make(seq);
}

/// The exchange as the stubs see it.
struct exchange_book {
  std::vector<live_order> live;
  std::vector<int64_t> cancelled; ///< order indexes
  size_t largest_wave = 0;        ///< most asks answered together
};

/// Answers the active-orders asks only once `together` of them wait, as a
/// gateway joins asks that wait together into one listing read.
struct gateway_stub_state {
  std::vector<
      std::pair<int32_t, caf::typed_response_promise<std::vector<live_order>>>>
      waiting;
};

caf::behavior gateway_stub(
    caf::stateful_actor<gateway_stub_state, caf::event_based_actor>* self,
    std::shared_ptr<exchange_book> book, size_t together) {
  self->set_default_handler(ignore);
  return {
      [=](active_orders_atom,
          int32_t market) -> caf::result<std::vector<live_order>> {
        auto promise = self->make_response_promise<std::vector<live_order>>();
        auto& waiting = self->state.waiting;
        waiting.emplace_back(market, promise);
        if (waiting.size() < together) return promise;
        book->largest_wave = std::max(book->largest_wave, waiting.size());
        for (auto& [m, p] : waiting) {
          std::vector<live_order> listed;
          for (auto& o : book->live)
            if (o.market_index == m) listed.push_back(o);
          p.deliver(std::move(listed));
        }
        waiting.clear();
        return promise;
      },
  };
}

/// Cancels what it is asked to, as the exchange would.
caf::behavior signer_stub(caf::event_based_actor* self,
                          std::shared_ptr<exchange_book> book) {
  self->set_default_handler(ignore);
  return {
      [=](const sign_and_send& r) {
        for (auto& t : r.request.txs) {
          book->cancelled.push_back(t.cancel_index);
          auto& live = book->live;
          live.erase(std::remove_if(live.begin(), live.end(),
                                    [&](const live_order& o) {
                                      return o.order_index == t.cancel_index;
                                    }),
                     live.end());
        }
        batch_reply out;
        out.batch_id = r.batch_id;
        out.verdict = exchange_verdict::accepted;
        return out;
      },
  };
}

live_order order(int32_t market, int64_t index, int64_t client) {
  live_order o;
  o.market_index = market;
  o.order_index = index;
  o.client_order_index = client;
  return o;
}

struct fixture {
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<exchange_book> book = std::make_shared<exchange_book>();

  sweep_report sweep(const std::vector<int32_t>& markets) {
    auto gw = caf::actor_cast<gateway_actor>(
        sys.spawn(gateway_stub, book, markets.size()));
    auto signer = caf::actor_cast<signer_actor>(sys.spawn(signer_stub, book));
    auto rep = sweep_orders(self, signer, gw, markets, 4, tag, 2s);
    caf::anon_send_exit(gw, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(signer, caf::exit_reason::user_shutdown);
    return rep;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(order_sweeper_tests, fixture)

CAF_TEST(the sweep asks about every market at once) {
  // A sweep that asked one market after the other would wait for an
  // answer the stub gives only to 25 asks together, and find nothing.
  std::vector<int32_t> markets;
  for (int32_t m = 0; m < 25; ++m)
    markets.push_back(m);
  auto rep = sweep(markets);
  CAF_CHECK(rep.confirmed_empty);
  CAF_CHECK_EQUAL(book->largest_wave, 25u);
  CAF_CHECK(rep.errors.empty());
}

CAF_TEST(the sweep cancels ours and leaves other tools orders alone) {
  book->live = {order(0, 100, ours(0, 1)), order(1, 101, ours(1, 2)),
                order(1, 102, 77)}; // 77: another tool's client index
  auto rep = sweep({0, 1});
  CAF_CHECK(rep.confirmed_empty);
  CAF_CHECK_EQUAL(rep.found, 2);
  CAF_CHECK_EQUAL(rep.cancelled, 2);
  CAF_CHECK_EQUAL(book->cancelled, (std::vector<int64_t>{100, 101}));
  CAF_REQUIRE_EQUAL(book->live.size(), 1u);
  CAF_CHECK_EQUAL(book->live[0].order_index, 102);
}

CAF_TEST_FIXTURE_SCOPE_END()
