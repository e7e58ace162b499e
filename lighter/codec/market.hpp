#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::lighter {

/// How one market scales its integers: price = human x 10^price, size =
/// human x 10^size, notional (quote_units) = human x 10^(price + size).
struct market_decimals {
  int price = 0;
  int size = 0;

  /// Decimals of a quote_units value of this market.
  int quote() const { return price + size; }
  bool operator==(const market_decimals& o) const {
    return price == o.price && size == o.size;
  }
};

/// Market metadata from `orderBooks` or `orderBookDetails`, already in the
/// market's own integers. Fees and margins come as exchange percentages
/// ("0.0028" = 0.0028 %) and are stored in ppm of notional, exactly.
struct market_info {
  std::string symbol;
  int market_id = -1;
  std::string market_type; ///< "perp" or "spot" (empty on older servers)
  std::string status;      ///< "active", "inactive", ...
  /// Scaling decimals (`size_decimals`/`price_decimals`; orderBooks only has
  /// the `supported_*` values, which are used instead there).
  market_decimals decimals;
  int supported_size_decimals = 0;
  int supported_price_decimals = 0;
  int supported_quote_decimals = 0;
  strategy::qty_lots min_base{0};     ///< min_base_amount
  strategy::quote_units min_quote{0}; ///< min_quote_amount, rounded up
  strategy::ppm maker_fee_ppm = 0;
  strategy::ppm taker_fee_ppm = 0;
  strategy::ppm liquidation_fee_ppm = 0;
  /// Margin fractions in 1/10000 (500 = 5 %); 0 when the payload lacks them
  /// (orderBooks).
  int64_t default_initial_margin_fraction = 0;
  int64_t min_initial_margin_fraction = 0;
  int64_t maintenance_margin_fraction = 0;
  int64_t closeout_margin_fraction = 0;

  /// True when the market accepts orders.
  bool is_active() const { return status == "active"; }
  /// The strategy's view of this market (tick and lot are 1 on Lighter).
  strategy::market_spec to_market_spec() const;
};

/// Market id -> decimals, consulted by every decoder that turns exchange
/// strings into ticks/lots. Perp ids are 0..254, spot ids 2048..4094.
class market_table {
public:
  /// Largest market id the table accepts (exclusive).
  static constexpr int max_market_id = 4096;

  /// Registers (or replaces) a market. Ids outside [0, 4096) are ignored and
  /// return false.
  bool add(int market_id, market_decimals decimals);
  /// Registers every market of an orderBooks/orderBookDetails answer.
  void add_all(const std::vector<market_info>& markets);
  /// The decimals of `market_id`, or null when unknown.
  const market_decimals* find(int market_id) const {
    if (market_id < 0 || static_cast<size_t>(market_id) >= known_.size() ||
        !known_[static_cast<size_t>(market_id)])
      return nullptr;
    return &decimals_[static_cast<size_t>(market_id)];
  }

private:
  std::vector<market_decimals> decimals_;
  std::vector<bool> known_;
};

} // namespace trailgrid::lighter
