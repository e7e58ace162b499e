#pragma once

#include "lighter/codec/tx_type.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::lighter {

/// The account's tier (protocol notes 13 "Tiers and limits"). Sub-accounts
/// share the master account's tier.
enum class account_tier : uint8_t { standard, plus, premium, builder };

/// How the REST budget of a tier counts requests.
enum class rest_budget_unit : uint8_t {
  requests, ///< every request costs 1
  weighted, ///< a request costs rest_weight(path) (rate_limiter.hpp)
};

/// What one unit of a sendTx quota is.
enum class tx_quota_unit : uint8_t {
  per_request, ///< one sendTx or sendTxBatch (any size) costs 1
  per_tx,      ///< each transaction costs 1, also inside a batch
};

/// Everything the bot, the backtester and lighter-sim need to know about one
/// tier. The field names are stable: other components read them.
///
/// Figures are the exchange's published ones (protocol notes 13, mid-2026);
/// where the exchange gives a range that depends on staked LIT, `_min` is the
/// figure without stake and `_max` the best one. Where a source is not the
/// exchange itself, the comment says so.
struct tier_info {
  account_tier tier = account_tier::standard;
  /// Lower-case name as written in configs ("standard", "plus", ...).
  std::string_view name;

  /// Fees in parts per million of notional (1 bps = 100 ppm), no stake.
  int64_t maker_fee_ppm = 0;
  int64_t taker_fee_ppm = 0;

  /// The exchange's speed bumps, no stake: a new resting order becomes live
  /// after maker_latency_ms, a taker order executes after taker_latency_ms,
  /// a cancel takes effect after cancel_latency_ms.
  int64_t maker_latency_ms = 0;
  int64_t taker_latency_ms = 0;
  int64_t cancel_latency_ms = 0;
  /// The best taker latency with stake (== taker_latency_ms when none).
  int64_t taker_latency_min_ms = 0;

  /// The REST budget per rolling minute and how it counts requests.
  int64_t rest_per_minute = 0;
  rest_budget_unit rest_unit = rest_budget_unit::requests;
  /// True when rest_per_minute covers reads only (Builder).
  bool rest_reads_only = false;

  /// The sendTx / sendTxBatch quota per minute. When
  /// send_tx_in_rest_budget is true there is no separate bucket: tx
  /// requests are ordinary requests of the REST budget (Standard). Otherwise
  /// the bucket is its own, counted per L1 address (all sub-accounts and API
  /// keys of that address together, not per IP), between send_tx_per_minute
  /// (no stake) and send_tx_per_minute_max (full stake).
  /// 0 / 0 with can_trade false: the tier is not for trading.
  int64_t send_tx_per_minute = 0;
  int64_t send_tx_per_minute_max = 0;
  tx_quota_unit send_tx_unit = tx_quota_unit::per_request;
  bool send_tx_in_rest_budget = false;

  /// True when the tier spends the volume quota (volume_quota_rules) on
  /// the tx kinds spends_volume_quota() names.
  bool volume_quota = false;
  /// False for a read tier (Builder): run monitoring on it, not a bot.
  bool can_trade = true;
};

/// The volume quota of the tiers that have one (protocol notes 10 and 13;
/// the tx kinds it counts come from NautilusTrader's guide, not from the
/// exchange's own pages). Shared by all sub-accounts of the master account.
struct volume_quota_rules {
  /// Quota of a fresh account, in transactions.
  int64_t start_txs = 1000;
  /// One more transaction per this many USD traded.
  int64_t usd_traded_per_tx = 10;
  /// One free transaction every this many ms even with the quota spent.
  int64_t free_tx_every_ms = 15'000;
  /// Tx kinds that spend no volume quota (other than a single cancel) are
  /// limited to this many per minute.
  int64_t other_txs_per_minute = 40;
};

/// The one volume quota rule set.
inline constexpr volume_quota_rules volume_quota{};

/// Every tier, indexed by account_tier (fees maker / taker in bps; latency
/// maker / taker / cancel in ms; REST budget a minute; sendTx quota a
/// minute):
/// - standard: 0 / 0; 200 / 300 / 200; 60 requests; in the 60 (per request)
/// - plus: 0.5 / 0.5; 200 / 300 / 200; 60 requests; 8,000 (per tx)
/// - premium: 0.4 / 2.8; 0 / 200 (140) / 0; 24,000 weighted;
///   4,000..40,000 (per tx) plus the volume quota
/// - builder: 0 / 0; as standard; 240,000 weighted, reads only; none (a
///   read tier)
///
/// Plus's REST budget is not published separately: Standard's is assumed.
/// Whether a batch spends one unit or one per tx is not published: per tx is
/// the conservative reading (a governor never overspends with it).
inline constexpr std::array<tier_info, 4> tiers{{
    {account_tier::standard, "standard", 0, 0, 200, 300, 200, 300, 60,
     rest_budget_unit::requests, false, 60, 60, tx_quota_unit::per_request,
     true, false, true},
    {account_tier::plus, "plus", 50, 50, 200, 300, 200, 300, 60,
     rest_budget_unit::requests, false, 8'000, 8'000, tx_quota_unit::per_tx,
     false, false, true},
    {account_tier::premium, "premium", 40, 280, 0, 200, 0, 140, 24'000,
     rest_budget_unit::weighted, false, 4'000, 40'000, tx_quota_unit::per_tx,
     false, true, true},
    {account_tier::builder, "builder", 0, 0, 200, 300, 200, 300, 240'000,
     rest_budget_unit::weighted, true, 0, 0, tx_quota_unit::per_tx, false,
     false, false},
}};

/// The row of `t`.
constexpr const tier_info& tier_info_of(account_tier t) {
  return tiers[static_cast<size_t>(t)];
}

/// The tier named `name` ("standard", "plus", "premium", "builder").
constexpr std::optional<account_tier> parse_tier(std::string_view name) {
  for (const auto& t : tiers)
    if (t.name == name) return t.tier;
  return std::nullopt;
}

/// The tier's name.
constexpr std::string_view to_string(account_tier t) {
  return tier_info_of(t).name;
}

/// The accepted names, for error messages.
inline constexpr std::string_view tier_names =
    "standard, plus, premium, builder";

/// True when a transaction of wire type `type_id` (protocol notes 4.1)
/// spends the volume quota: CreateOrder, CancelAllOrders, ModifyOrder and
/// grouped creates do, a single CancelOrder does not.
constexpr bool spends_volume_quota(int type_id) {
  return type_id == id_of(tx_type::create_order) ||
         type_id == id_of(tx_type::cancel_all_orders) ||
         type_id == id_of(tx_type::modify_order) ||
         type_id == id_of(tx_type::create_grouped_orders);
}

} // namespace trailgrid::lighter
