#include "runtime/preflight.hpp"

#include "lighter/codec/exchange_limits.hpp"
#include "lighter/codec/tiers.hpp"
#include "strategy/decimal.hpp"
#include "strategy/grid_calculator.hpp"

#include <algorithm>
#include <cstdlib>

namespace trailgrid::runtime {

namespace {

using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;

std::string usdc(int64_t micro) {
  auto s = strategy::format_scaled(micro, 6);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s + " USDC";
}

int128 pow10(int n) {
  int128 x = 1;
  for (int i = 0; i < n; ++i)
    x *= 10;
  return x;
}

// Quote units of `spec` in micro-USDC, rounded up (a need is never
// understated).
int64_t micro_of(quote_units q, const strategy::market_spec& spec) {
  const int shift = 6 - spec.quote_decimals();
  int128 v = q.value;
  if (shift >= 0) return static_cast<int64_t>(v * pow10(shift));
  const int128 d = pow10(-shift);
  return static_cast<int64_t>((v + d - 1) / d);
}

const lighter::market_info* find_market(const preflight_facts& f,
                                        const std::string& symbol) {
  for (auto& m : f.markets)
    if (m.symbol == symbol) return &m;
  return nullptr;
}

std::optional<price_ticks> mid_of(const preflight_facts& f, int market) {
  auto i = f.books.find(market);
  if (i == f.books.end()) return std::nullopt;
  auto [bid, ask] = i->second;
  if (bid.value > 0 && ask.value > bid.value)
    return price_ticks{(bid.value + ask.value) / 2};
  if (bid.value > 0) return bid;
  if (ask.value > 0) return ask;
  return std::nullopt;
}

std::string short_key(const std::string& hex) {
  return hex.size() > 12 ? hex.substr(0, 12) + "..." : hex;
}

// The grid of one market as the strategy would size it at `mid`.
struct grid_shape {
  qty_lots base;        ///< per level before skew
  qty_lots smallest;    ///< after the largest size skew
  price_ticks lowest;   ///< outermost bid at the widest spacing
  quote_units notional; ///< all levels at their base size, at mid
};

grid_shape shape_of(const strategy::strategy_params& p,
                    const strategy::market_spec& spec, price_ticks mid) {
  grid_shape g;
  g.base = p.grid.order_size;
  if (p.grid.order_size_quote.value > 0)
    g.base = spec.floor_to_lot(qty_lots{p.grid.order_size_quote.value /
                                        std::max<int64_t>(mid.value, 1)});
  g.smallest = g.base;
  if (p.skew.enabled)
    g.smallest = spec.floor_to_lot(qty_lots{static_cast<int64_t>(
        static_cast<int128>(g.base.value) *
        (1'000'000 - std::min<int64_t>(p.skew.max_size_skew, 1'000'000)) /
        1'000'000)});
  const int n = std::max(p.grid.levels_per_side, 1);
  const int64_t drop = static_cast<int64_t>(
      static_cast<int128>(mid.value) *
      std::min<int64_t>(p.grid.max_spacing * n, 1'000'000) / 1'000'000);
  g.lowest = spec.floor_to_tick(
      price_ticks{std::max<int64_t>(mid.value - drop, spec.tick)});
  g.notional = quote_units{static_cast<int64_t>(static_cast<int128>(mid.value) *
                                                g.base.value * 2 * n)};
  return g;
}

} // namespace

std::vector<preflight_line> evaluate_preflight(const config& cfg,
                                               const preflight_facts& f) {
  std::vector<preflight_line> out;
  auto add = [&](std::string name, bool pass, std::string detail,
                 std::string fix = {}) {
    out.push_back({std::move(name), pass, std::move(detail),
                   pass ? std::string{} : std::move(fix)});
  };
  const auto& ex = cfg.exchange;

  // -- the exchange -----------------------------------------------------------
  if (!f.status) {
    add("exchange", false,
        "no answer from " + ex.rest_url + " (" + f.status_error + ")",
        "check [exchange] rest_url and that this machine reaches it");
  } else if (f.status->status != 200 && f.status->status != 1) {
    add("exchange", false,
        "the exchange reports maintenance (root status " +
            std::to_string(f.status->status) + ")",
        "wait until it is back; a running bot pauses its markets during "
        "maintenance by itself");
  } else {
    add("exchange", true,
        ex.rest_url + " answers, status " + std::to_string(f.status->status));
  }
  if (f.status && f.status->timestamp_ms > 0) {
    const int64_t skew = f.local_ms - f.status->timestamp_ms;
    // The exchange's time has second resolution.
    const bool ok = std::llabs(skew) <= max_clock_skew_ms + 1'000;
    add("clock", ok,
        "this machine is " + std::to_string(std::llabs(skew)) + " ms " +
            (skew >= 0 ? "ahead of" : "behind") + " the exchange (allowed " +
            std::to_string(max_clock_skew_ms) + " ms + 1 s resolution)",
        "synchronise the system clock (timedatectl set-ntp true, or "
        "chrony): signed transactions and auth tokens carry deadlines");
  } else if (f.status) {
    add("clock", true, "the exchange sent no time: not compared");
  }

  // -- the account ------------------------------------------------------------
  const auto& tier = lighter::tier_info_of(ex.tier);
  if (!ex.account_index) {
    add("account", false, "[exchange] account_index is not set",
        "set [exchange] account_index to your account's index");
  } else if (!f.account) {
    add("account", false,
        "account " + std::to_string(*ex.account_index) + " not found (" +
            f.account_error + ")",
        "set [exchange] account_index to an account of yours "
        "(GET /api/v1/account?by=l1_address&value=<your address> lists "
        "them)");
  } else {
    add("account", true,
        "account " + std::to_string(*ex.account_index) + " exists; tier " +
            std::string{tier.name} +
            " as configured (the exchange does not "
            "report it: [exchange] tier must match the account); collateral " +
            usdc(f.account->collateral.micros) + ", available " +
            usdc(f.account->available_balance.micros));
  }

  // -- API keys ---------------------------------------------------------------
  auto keys = ex.api_keys();
  if (keys.empty())
    add("api key", false, "[exchange] api_key_index is not set",
        "register an API key at an index of 4..254 and set [exchange] "
        "api_key_index (or api_key_indices) to it");
  for (int k : keys) {
    const std::string name = "api key " + std::to_string(k);
    if (k >= 0 && k <= 3)
      add(name + " index", false,
          "index " + std::to_string(k) +
              " is reserved for the exchange's web and mobile apps (0..3)",
          "register the bot's key at an index of 4..254 and set [exchange] "
          "api_key_index to it");
    else
      add(name + " index", true, "not one of the reserved 0..3");
    if (!f.keys_error.empty()) {
      add(name + " registered", false,
          "cannot read the account's API keys (" + f.keys_error + ")",
          "check [exchange] rest_url and account_index");
      continue;
    }
    auto reg = f.registered_keys.find(k);
    auto ours = f.our_keys.find(k);
    const std::string acc = std::to_string(ex.account_index.value_or(0));
    if (reg == f.registered_keys.end() || reg->second.empty()) {
      add(name + " registered", false,
          "no key is registered at index " + std::to_string(k) +
              " of account " + acc,
          "register the public key of LIGHTER_PRIVATE_KEY (`lighter-tool "
          "pubkey` prints it) at index " +
              std::to_string(k) + " of account " + acc);
    } else if (ours == f.our_keys.end()) {
      add(name + " registered", true,
          "index " + std::to_string(k) + " holds key " +
              short_key(reg->second) +
              " (no private key given here: not compared)");
    } else if (ours->second != reg->second) {
      add(name + " registered", false,
          "index " + std::to_string(k) + " holds key " +
              short_key(reg->second) + ", LIGHTER_PRIVATE_KEY's is " +
              short_key(ours->second),
          "use the private key registered at index " + std::to_string(k) +
              ", or register this key's public key there");
    } else {
      add(name + " registered", true,
          "index " + std::to_string(k) + " of account " + acc +
              " holds LIGHTER_PRIVATE_KEY's public key");
    }
  }

  // -- markets ----------------------------------------------------------------
  int64_t needed_micro = 0;
  bool all_priced = true;
  int64_t units_per_round = 0; // one reset of every market
  int64_t txs_per_round = 0;
  int64_t resting_when_full = 0; // orders of every market's full grid
  for (auto& m : cfg.markets) {
    const std::string name = "market " + m.symbol;
    if (!f.markets_error.empty()) {
      add(name, false, "cannot read the markets (" + f.markets_error + ")",
          "check [exchange] rest_url");
      continue;
    }
    const auto* info = find_market(f, m.symbol);
    if (info == nullptr) {
      add(name, false, "the exchange has no market " + m.symbol,
          "use the exchange's symbol (orderBookDetails lists them) in the "
          "[[market]] at line " +
              std::to_string(m.line));
      continue;
    }
    if (!info->status.empty() && !info->is_active()) {
      add(name, false,
          "the exchange reports it " + info->status + " (not active)",
          "remove it from the config until the exchange reopens it");
      continue;
    }
    const auto spec = info->to_market_spec();
    add(name, true,
        "active, market id " + std::to_string(info->market_id) + ", tick " +
            strategy::format_price(price_ticks{spec.tick}, spec) + ", lot " +
            strategy::format_qty(qty_lots{spec.lot}, spec) +
            ", minimum order " + strategy::format_qty(spec.min_base, spec) +
            " " + m.symbol + " and " +
            strategy::format_quote(spec.min_quote, spec) + " quote");
    auto params = m.resolve(spec);
    if (!params) {
      add("levels " + m.symbol, false, params.error(),
          "fix the [[market]] at line " + std::to_string(m.line));
      continue;
    }
    const auto& p = params.value();
    // Quota: every reset cancels the live grid and places a new one.
    const int64_t per_side = std::max(p.grid.levels_per_side, 0);
    const int64_t creates = 2 * per_side;
    const int64_t cancels = 2 * per_side;
    const int64_t txs = creates + cancels;
    const auto frame =
        static_cast<int64_t>(lighter::limits::max_txs_per_ws_frame);
    const int64_t frames = (txs + frame - 1) / frame;
    txs_per_round += txs;
    resting_when_full += creates;
    units_per_round += tier.send_tx_unit == lighter::tx_quota_unit::per_request
                           ? frames
                       : tier.tier == lighter::account_tier::premium ? creates
                                                                     : txs;
    auto mid = mid_of(f, info->market_id);
    if (!mid) {
      all_priced = false;
      add("levels " + m.symbol, true,
          "the book is empty: level sizes not checked");
      continue;
    }
    const auto g = shape_of(p, spec, *mid);
    const bool size_ok = g.smallest >= spec.min_base && g.smallest.value > 0;
    const quote_units small_notional = strategy::notional(g.lowest, g.smallest);
    const bool notional_ok = small_notional >= spec.min_quote;
    const std::string what =
        "smallest level " + strategy::format_qty(g.smallest, spec) + " " +
        m.symbol + " at " + strategy::format_price(g.lowest, spec) + " = " +
        strategy::format_quote(small_notional, spec) + " quote";
    if (size_ok && notional_ok) {
      add("levels " + m.symbol, true,
          what + " meets the minimum order (" +
              strategy::format_qty(spec.min_base, spec) + ", " +
              strategy::format_quote(spec.min_quote, spec) + ")");
    } else {
      add("levels " + m.symbol, false,
          what + " is below the minimum order (" +
              strategy::format_qty(spec.min_base, spec) + " " + m.symbol +
              ", " + strategy::format_quote(spec.min_quote, spec) +
              " quote); the exchange would refuse it",
          "raise order_size (or order_size_quote) of " + m.symbol +
              " so that the smallest level, after up to max_size_skew_pct "
              "of skew and at the outermost bid, meets both minimums");
    }
    const int64_t lev =
        p.risk.margin_leverage > 0 ? p.risk.margin_leverage : 1'000'000;
    needed_micro += static_cast<int64_t>(
        static_cast<int128>(micro_of(g.notional, spec)) * 1'000'000 / lev);
  }

  // -- collateral -------------------------------------------------------------
  if (f.account) {
    const int64_t avail = f.account->available_balance.micros;
    const std::string need = "every grid at its leverage needs " +
                             usdc(needed_micro) + " of margin" +
                             (all_priced ? "" : " (unpriced markets left out)");
    if (avail >= needed_micro)
      add("collateral", true, "available " + usdc(avail) + "; " + need);
    else
      add("collateral", false, "available " + usdc(avail) + "; " + need,
          "deposit at least " + usdc(needed_micro - avail) +
              ", or lower levels / order size, or raise leverage (the "
              "balance check would trim the grids)");
  }

  // -- quota ------------------------------------------------------------------
  int64_t quota = tier.send_tx_per_minute;
  if (ex.send_quota_per_minute) quota = *ex.send_quota_per_minute;
  const std::string unit =
      tier.send_tx_unit == lighter::tx_quota_unit::per_request ? "requests"
                                                               : "txs";
  if (ex.send_quota_per_minute && *ex.send_quota_per_minute == 0) {
    add("quota", true, "send_quota_per_minute = 0: no pacing, not checked");
  } else if (quota <= 0) {
    add("quota", false,
        "tier " + std::string{tier.name} + " sends no transactions",
        "set [exchange] tier to the account's trading tier");
  } else if (!cfg.markets.empty()) {
    const std::string figures =
        "one reset of every market is " + std::to_string(txs_per_round) +
        " txs = " + std::to_string(units_per_round) + " " + unit + " of the " +
        std::to_string(quota) + " " + unit + "/min quota";
    if (units_per_round > quota)
      add("quota", false, figures,
          "fewer levels or markets, or a tier with a larger quota: the bot "
          "could not reset every market even once a minute");
    else
      add("quota", true,
          figures + ": " +
              std::to_string(quota / std::max<int64_t>(units_per_round, 1)) +
              " such rounds a minute");
  }

  // -- orders resting at once -------------------------------------------------
  // A reset cancels before it creates, so a market never has more than its
  // full grid resting; the markets together must fit the account's cap.
  const int64_t cap = ex.max_active_orders.value_or(
      lighter::limits::max_active_orders_per_account);
  if (!cfg.markets.empty()) {
    const std::string figures = "every grid full is " +
                                std::to_string(resting_when_full) +
                                " resting orders of the " +
                                std::to_string(cap) + " the account may have";
    if (resting_when_full > cap)
      add("active orders", false, figures,
          "fewer levels or markets (or [exchange] max_active_orders if the "
          "exchange allows the account more): past the cap it refuses "
          "creates (21717) and grids go out incomplete");
    else
      add("active orders", true, figures);
  }
  return out;
}

std::string to_string(const preflight_line& l) {
  std::string s = (l.pass ? "PASS  " : "FAIL  ") + l.name + ": " + l.detail;
  if (!l.pass && !l.fix.empty()) s += " -- fix: " + l.fix;
  return s;
}

bool all_passed(const std::vector<preflight_line>& lines) {
  return std::all_of(lines.begin(), lines.end(),
                     [](const preflight_line& l) { return l.pass; });
}

} // namespace trailgrid::runtime
