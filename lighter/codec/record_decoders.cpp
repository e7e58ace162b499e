#include "lighter/codec/record_decoders.hpp"

#include <algorithm>
#include <charconv>

namespace trailgrid::lighter::detail {

namespace {

using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;

/// Raw decimal text of an optional field: empty view = absent.
struct text_field {
  std::string_view text;
  bool present = false;

  bool read(od::value& v, context& c) {
    present = true;
    return get_scalar_text(v, text, c);
  }
};

bool price_of(const text_field& f, market_decimals d, price_ticks& out,
              context& c, std::string_view what) {
  int64_t v = 0;
  if (!to_fixed(f.text, d.price, v, c, what)) return false;
  out = price_ticks{v};
  return true;
}

bool nearest_price_of(const text_field& f, market_decimals d, price_ticks& out,
                      context& c, std::string_view what) {
  int64_t v = 0;
  if (!to_nearest(f.text, d.price, v, c, what)) return false;
  out = price_ticks{v};
  return true;
}

bool qty_of(const text_field& f, market_decimals d, qty_lots& out, context& c,
            std::string_view what) {
  int64_t v = 0;
  if (!to_fixed(f.text, d.size, v, c, what)) return false;
  out = qty_lots{v};
  return true;
}

bool quote_of(const text_field& f, market_decimals d, quote_units& out,
              context& c, std::string_view what) {
  int64_t v = 0;
  if (!to_nearest(f.text, d.quote(), v, c, what)) return false;
  out = quote_units{v};
  return true;
}

bool missing(context& c, std::string_view what) {
  return c.fail("missing required field " + std::string(what));
}

/// An int64 given as a number, possibly with a `_str` twin that wins.
struct id_field {
  int64_t value = 0;
  bool present = false;
  std::string_view twin;

  bool read(od::value& v, context& c) {
    present = true;
    return get_int(v, value, c);
  }
  bool read_twin(od::value& v, context& c) {
    return get_raw_string(v, twin, c);
  }
  /// Resolves the twin; false (with an error) when it is not an integer.
  bool resolve(context& c, std::string_view what) {
    if (twin.empty()) return true;
    int64_t t = 0;
    auto [p, ec] = std::from_chars(twin.data(), twin.data() + twin.size(), t);
    if (ec != std::errc() || p != twin.data() + twin.size())
      return c.fail(std::string(what) + "_str: not an integer");
    value = t;
    present = true;
    return true;
  }
};

} // namespace

outcome decode_trade(od::value& v, const market_table& markets, trade& t,
                     context& c) {
  id_field trade_id, ask_id, bid_id, ask_client, bid_client;
  text_field size, price, usd, taker_pos, maker_pos;
  bool has_market = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "trade_id") return trade_id.read(fv, c);
    if (k == "trade_id_str") return trade_id.read_twin(fv, c);
    if (k == "tx_hash") return get_string(fv, t.tx_hash, c);
    if (k == "type") return get_string(fv, t.type, c);
    if (k == "market_id") return has_market = true, get_int(fv, t.market_id, c);
    if (k == "size") return size.read(fv, c);
    if (k == "price") return price.read(fv, c);
    if (k == "usd_amount") return usd.read(fv, c);
    if (k == "ask_id") return ask_id.read(fv, c);
    if (k == "ask_id_str") return ask_id.read_twin(fv, c);
    if (k == "bid_id") return bid_id.read(fv, c);
    if (k == "bid_id_str") return bid_id.read_twin(fv, c);
    if (k == "ask_client_id") return ask_client.read(fv, c);
    if (k == "ask_client_id_str") return ask_client.read_twin(fv, c);
    if (k == "bid_client_id") return bid_client.read(fv, c);
    if (k == "bid_client_id_str") return bid_client.read_twin(fv, c);
    if (k == "ask_account_id") return get_int(fv, t.ask_account_id, c);
    if (k == "bid_account_id") return get_int(fv, t.bid_account_id, c);
    if (k == "is_maker_ask") return get_bool(fv, t.is_maker_ask, c);
    if (k == "block_height") return get_int(fv, t.block_height, c);
    if (k == "timestamp") {
      if (!get_int(fv, t.timestamp_ms, c)) return false;
      t.timestamp_ms = timestamp_to_ms(t.timestamp_ms);
      return true;
    }
    if (k == "transaction_time") return get_int(fv, t.transaction_time_us, c);
    if (k == "taker_fee") {
      int64_t fee = 0;
      return get_int(fv, fee, c) && (t.taker_fee_ppm = fee, true);
    }
    if (k == "maker_fee") {
      int64_t fee = 0;
      return get_int(fv, fee, c) && (t.maker_fee_ppm = fee, true);
    }
    if (k == "taker_position_size_before") return taker_pos.read(fv, c);
    if (k == "maker_position_size_before") return maker_pos.read(fv, c);
    if (k == "taker_position_sign_changed")
      return get_bool(fv, t.taker_position_sign_changed, c);
    if (k == "maker_position_sign_changed")
      return get_bool(fv, t.maker_position_sign_changed, c);
    return true;
  });
  if (!ok) return outcome::failed;
  if (!trade_id.resolve(c, "trade_id") || !ask_id.resolve(c, "ask_id") ||
      !bid_id.resolve(c, "bid_id") || !ask_client.resolve(c, "ask_client_id") ||
      !bid_client.resolve(c, "bid_client_id"))
    return outcome::failed;
  if (!trade_id.present) return missing(c, "trade_id"), outcome::failed;
  if (!has_market) return missing(c, "market_id"), outcome::failed;
  if (!price.present) return missing(c, "price"), outcome::failed;
  if (!size.present) return missing(c, "size"), outcome::failed;
  t.trade_id = trade_id.value;
  t.ask_id = ask_id.value;
  t.bid_id = bid_id.value;
  t.ask_client_id = ask_client.value;
  t.bid_client_id = bid_client.value;
  const market_decimals* d = markets.find(t.market_id);
  if (!d) return outcome::unknown_market;
  if (!price_of(price, *d, t.price, c, "price") ||
      !qty_of(size, *d, t.size, c, "size"))
    return outcome::failed;
  if (usd.present && !quote_of(usd, *d, t.usd_amount, c, "usd_amount"))
    return outcome::failed;
  if (taker_pos.present) {
    qty_lots q;
    if (!qty_of(taker_pos, *d, q, c, "taker_position_size_before"))
      return outcome::failed;
    t.taker_position_size_before = q;
  }
  if (maker_pos.present) {
    qty_lots q;
    if (!qty_of(maker_pos, *d, q, c, "maker_position_size_before"))
      return outcome::failed;
    t.maker_position_size_before = q;
  }
  return outcome::ok;
}

outcome decode_order(od::value& v, const market_table& markets, order& o,
                     context& c) {
  id_field index, client;
  text_field price, initial, remaining, filled, filled_quote, trigger;
  bool has_market = false, has_ask = false, has_status = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "order_index") return index.read(fv, c);
    if (k == "order_id") return index.read_twin(fv, c);
    if (k == "client_order_index") return client.read(fv, c);
    if (k == "client_order_id") return client.read_twin(fv, c);
    if (k == "market_index")
      return has_market = true, get_int(fv, o.market_id, c);
    if (k == "owner_account_index")
      return get_int(fv, o.owner_account_index, c);
    if (k == "price") return price.read(fv, c);
    if (k == "initial_base_amount") return initial.read(fv, c);
    if (k == "remaining_base_amount") return remaining.read(fv, c);
    if (k == "filled_base_amount") return filled.read(fv, c);
    if (k == "filled_quote_amount") return filled_quote.read(fv, c);
    if (k == "trigger_price") return trigger.read(fv, c);
    if (k == "nonce") return get_int(fv, o.nonce, c);
    if (k == "is_ask") return has_ask = true, get_bool(fv, o.is_ask, c);
    if (k == "type") return get_string(fv, o.type, c);
    if (k == "time_in_force") {
      std::string s;
      if (!get_string(fv, s, c)) return false;
      o.time_in_force = parse_time_in_force(s);
      return true;
    }
    if (k == "reduce_only") return get_bool(fv, o.reduce_only, c);
    if (k == "order_expiry") return get_int(fv, o.order_expiry_ms, c);
    if (k == "status") {
      has_status = true;
      if (!get_string(fv, o.status_text, c)) return false;
      o.status = parse_order_status(o.status_text);
      return true;
    }
    if (k == "block_height") return get_int(fv, o.block_height, c);
    if (k == "timestamp") return get_int(fv, o.timestamp_ms, c);
    if (k == "created_at") return get_int(fv, o.created_at_ms, c);
    if (k == "updated_at") return get_int(fv, o.updated_at_ms, c);
    if (k == "transaction_time") return get_int(fv, o.transaction_time_us, c);
    if (k == "parent_order_index") return get_int(fv, o.parent_order_index, c);
    return true;
  });
  if (!ok) return outcome::failed;
  if (!index.resolve(c, "order_index") ||
      !client.resolve(c, "client_order_index"))
    return outcome::failed;
  if (!index.present) return missing(c, "order_index"), outcome::failed;
  if (!has_market) return missing(c, "market_index"), outcome::failed;
  if (!has_ask) return missing(c, "is_ask"), outcome::failed;
  if (!has_status) return missing(c, "status"), outcome::failed;
  if (!price.present) return missing(c, "price"), outcome::failed;
  if (!remaining.present)
    return missing(c, "remaining_base_amount"), outcome::failed;
  o.order_index = index.value;
  o.client_order_index = client.value;
  o.timestamp_ms = timestamp_to_ms(o.timestamp_ms);
  o.created_at_ms = timestamp_to_ms(o.created_at_ms);
  o.updated_at_ms = timestamp_to_ms(o.updated_at_ms);
  const market_decimals* d = markets.find(o.market_id);
  if (!d) return outcome::unknown_market;
  if (!price_of(price, *d, o.price, c, "price") ||
      !qty_of(remaining, *d, o.remaining_size, c, "remaining_base_amount"))
    return outcome::failed;
  if (initial.present &&
      !qty_of(initial, *d, o.initial_size, c, "initial_base_amount"))
    return outcome::failed;
  if (filled.present &&
      !qty_of(filled, *d, o.filled_size, c, "filled_base_amount"))
    return outcome::failed;
  if (filled_quote.present &&
      !quote_of(filled_quote, *d, o.filled_quote, c, "filled_quote_amount"))
    return outcome::failed;
  if (trigger.present &&
      !price_of(trigger, *d, o.trigger_price, c, "trigger_price"))
    return outcome::failed;
  return outcome::ok;
}

outcome decode_position(od::value& v, const market_table& markets, position& p,
                        context& c) {
  text_field size, entry, liq, value, upnl, rpnl, margin, imf;
  int64_t sign = 0;
  bool has_market = false, has_sign = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "market_id") return has_market = true, get_int(fv, p.market_id, c);
    if (k == "symbol") return get_string(fv, p.symbol, c);
    if (k == "sign") return has_sign = true, get_int(fv, sign, c);
    if (k == "position") return size.read(fv, c);
    if (k == "avg_entry_price") return entry.read(fv, c);
    if (k == "liquidation_price") return liq.read(fv, c);
    if (k == "position_value") return value.read(fv, c);
    if (k == "unrealized_pnl") return upnl.read(fv, c);
    if (k == "realized_pnl") return rpnl.read(fv, c);
    if (k == "allocated_margin") return margin.read(fv, c);
    if (k == "initial_margin_fraction") return imf.read(fv, c);
    if (k == "open_order_count") return get_int(fv, p.open_order_count, c);
    if (k == "pending_order_count")
      return get_int(fv, p.pending_order_count, c);
    if (k == "margin_mode") return get_int(fv, p.margin_mode, c);
    return true;
  });
  if (!ok) return outcome::failed;
  if (!has_market) return missing(c, "market_id"), outcome::failed;
  if (!size.present) return missing(c, "position"), outcome::failed;
  if (!has_sign) return missing(c, "sign"), outcome::failed;
  if (sign != 1 && sign != -1 && sign != 0)
    return c.fail("sign: expected -1, 0 or 1"), outcome::failed;
  const market_decimals* d = markets.find(p.market_id);
  if (!d) return outcome::unknown_market;
  if (!qty_of(size, *d, p.size, c, "position")) return outcome::failed;
  if (p.size.value < 0)
    return c.fail("position: expected an unsigned size"), outcome::failed;
  if (sign < 0) p.size = -p.size;
  if (entry.present &&
      !nearest_price_of(entry, *d, p.avg_entry_price, c, "avg_entry_price"))
    return outcome::failed;
  if (liq.present &&
      !nearest_price_of(liq, *d, p.liquidation_price, c, "liquidation_price"))
    return outcome::failed;
  if ((value.present &&
       !to_usdc(value.text, p.position_value, c, "position_value")) ||
      (upnl.present &&
       !to_usdc(upnl.text, p.unrealized_pnl, c, "unrealized_pnl")) ||
      (rpnl.present &&
       !to_usdc(rpnl.text, p.realized_pnl, c, "realized_pnl")) ||
      (margin.present &&
       !to_usdc(margin.text, p.allocated_margin, c, "allocated_margin")) ||
      (imf.present && !to_decimal(imf.text, p.initial_margin_fraction, c,
                                  "initial_margin_fraction")))
    return outcome::failed;
  return outcome::ok;
}

outcome decode_market_stats(od::value& v, const market_table& markets,
                            market_stats& s, context& c) {
  text_field mark, index, last, mid, cfr, fr, oi;
  bool has_market = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "market_id") return has_market = true, get_int(fv, s.market_id, c);
    if (k == "symbol") return get_string(fv, s.symbol, c);
    if (k == "mark_price") return mark.read(fv, c);
    if (k == "index_price") return index.read(fv, c);
    if (k == "last_trade_price") return last.read(fv, c);
    if (k == "mid_price") return mid.read(fv, c);
    if (k == "current_funding_rate") return cfr.read(fv, c);
    if (k == "funding_rate") return fr.read(fv, c);
    if (k == "funding_timestamp") return get_int(fv, s.funding_timestamp_ms, c);
    if (k == "open_interest") return oi.read(fv, c);
    if (k == "daily_base_token_volume")
      return get_double(fv, s.daily_base_volume, c);
    if (k == "daily_quote_token_volume")
      return get_double(fv, s.daily_quote_volume, c);
    if (k == "daily_price_low") return get_double(fv, s.daily_price_low, c);
    if (k == "daily_price_high") return get_double(fv, s.daily_price_high, c);
    if (k == "daily_price_change")
      return get_double(fv, s.daily_price_change, c);
    return true;
  });
  if (!ok) return outcome::failed;
  if (!has_market) return missing(c, "market_id"), outcome::failed;
  if (!mark.present) return missing(c, "mark_price"), outcome::failed;
  const market_decimals* d = markets.find(s.market_id);
  if (!d) return outcome::unknown_market;
  if (!nearest_price_of(mark, *d, s.mark_price, c, "mark_price") ||
      (index.present &&
       !nearest_price_of(index, *d, s.index_price, c, "index_price")) ||
      (last.present &&
       !nearest_price_of(last, *d, s.last_trade_price, c, "last_trade_price")))
    return outcome::failed;
  if (mid.present) {
    price_ticks m;
    if (!nearest_price_of(mid, *d, m, c, "mid_price")) return outcome::failed;
    s.mid_price = m;
  }
  if ((cfr.present && !to_decimal(cfr.text, s.current_funding_rate, c,
                                  "current_funding_rate")) ||
      (fr.present && !to_decimal(fr.text, s.funding_rate, c, "funding_rate")) ||
      (oi.present && !to_decimal(oi.text, s.open_interest, c, "open_interest")))
    return outcome::failed;
  return outcome::ok;
}

bool decode_asset(od::value& v, asset_balance& a, context& c) {
  text_field balance, locked, margin;
  bool has_id = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "asset_id") return has_id = true, get_int(fv, a.asset_id, c);
    if (k == "symbol") return get_string(fv, a.symbol, c);
    if (k == "balance") return balance.read(fv, c);
    if (k == "locked_balance") return locked.read(fv, c);
    if (k == "margin_balance") return margin.read(fv, c);
    if (k == "margin_mode") return get_string(fv, a.margin_mode, c);
    return true;
  });
  if (!ok) return false;
  if (!has_id) return missing(c, "asset_id");
  if (!balance.present) return missing(c, "balance");
  if (!to_decimal(balance.text, a.balance, c, "balance") ||
      (locked.present &&
       !to_decimal(locked.text, a.locked_balance, c, "locked_balance")))
    return false;
  if (margin.present) {
    decimal_value m;
    if (!to_decimal(margin.text, m, c, "margin_balance")) return false;
    a.margin_balance = m;
  }
  return true;
}

bool decode_candle(od::value& v, market_decimals d, candle& k, context& c) {
  text_field o, h, l, cl;
  bool has_t = false;
  bool ok = for_each_field(v, c, [&](std::string_view key, od::value& fv) {
    if (key == "t" || key == "timestamp")
      return has_t = true, get_int(fv, k.start_ms, c);
    if (key == "o" || key == "open") return o.read(fv, c);
    if (key == "h" || key == "high") return h.read(fv, c);
    if (key == "l" || key == "low") return l.read(fv, c);
    if (key == "c" || key == "close") return cl.read(fv, c);
    if (key == "v" || key == "volume0") return get_double(fv, k.base_volume, c);
    if (key == "V" || key == "volume1")
      return get_double(fv, k.quote_volume, c);
    if (key == "i" || key == "last_trade_id")
      return get_int(fv, k.last_trade_id, c);
    return true;
  });
  if (!ok) return false;
  if (!has_t) return missing(c, "t");
  if (!o.present || !h.present || !l.present || !cl.present)
    return missing(c, "o/h/l/c");
  k.start_ms = timestamp_to_ms(k.start_ms);
  return nearest_price_of(o, d, k.open, c, "open") &&
         nearest_price_of(h, d, k.high, c, "high") &&
         nearest_price_of(l, d, k.low, c, "low") &&
         nearest_price_of(cl, d, k.close, c, "close");
}

bool decode_resting_order(od::value& v, market_decimals d, resting_order& r,
                          context& c) {
  id_field index;
  text_field price, initial, remaining;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "order_index") return index.read(fv, c);
    if (k == "order_id") return index.read_twin(fv, c);
    if (k == "owner_account_index")
      return get_int(fv, r.owner_account_index, c);
    if (k == "price") return price.read(fv, c);
    if (k == "initial_base_amount") return initial.read(fv, c);
    if (k == "remaining_base_amount") return remaining.read(fv, c);
    if (k == "order_expiry") return get_int(fv, r.order_expiry_ms, c);
    if (k == "transaction_time") return get_int(fv, r.transaction_time_us, c);
    return true;
  });
  if (!ok || !index.resolve(c, "order_index")) return false;
  if (!index.present) return missing(c, "order_index");
  if (!price.present) return missing(c, "price");
  if (!remaining.present) return missing(c, "remaining_base_amount");
  r.order_index = index.value;
  return price_of(price, d, r.price, c, "price") &&
         qty_of(remaining, d, r.remaining_size, c, "remaining_base_amount") &&
         (!initial.present ||
          qty_of(initial, d, r.initial_size, c, "initial_base_amount"));
}

bool decode_market_info(od::value& v, market_info& m, context& c) {
  text_field taker, maker, liq, min_base, min_quote;
  int size_dec = -1, price_dec = -1;
  int sup_size = -1, sup_price = -1, sup_quote = -1;
  bool has_id = false, has_symbol = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "symbol") return has_symbol = true, get_string(fv, m.symbol, c);
    if (k == "market_id") return has_id = true, get_int(fv, m.market_id, c);
    if (k == "market_type") return get_string(fv, m.market_type, c);
    if (k == "status") return get_string(fv, m.status, c);
    if (k == "taker_fee") return taker.read(fv, c);
    if (k == "maker_fee") return maker.read(fv, c);
    if (k == "liquidation_fee") return liq.read(fv, c);
    if (k == "min_base_amount") return min_base.read(fv, c);
    if (k == "min_quote_amount") return min_quote.read(fv, c);
    if (k == "size_decimals") return get_int(fv, size_dec, c);
    if (k == "price_decimals") return get_int(fv, price_dec, c);
    if (k == "supported_size_decimals") return get_int(fv, sup_size, c);
    if (k == "supported_price_decimals") return get_int(fv, sup_price, c);
    if (k == "supported_quote_decimals") return get_int(fv, sup_quote, c);
    if (k == "default_initial_margin_fraction")
      return get_int(fv, m.default_initial_margin_fraction, c);
    if (k == "min_initial_margin_fraction")
      return get_int(fv, m.min_initial_margin_fraction, c);
    if (k == "maintenance_margin_fraction")
      return get_int(fv, m.maintenance_margin_fraction, c);
    if (k == "closeout_margin_fraction")
      return get_int(fv, m.closeout_margin_fraction, c);
    return true;
  });
  if (!ok) return false;
  if (!has_symbol) return missing(c, "symbol");
  if (!has_id) return missing(c, "market_id");
  // orderBooks has only the supported_* decimals; details has both.
  m.decimals.size = size_dec >= 0 ? size_dec : sup_size;
  m.decimals.price = price_dec >= 0 ? price_dec : sup_price;
  if (m.decimals.size < 0 || m.decimals.size > 18)
    return missing(c, "size_decimals (0..18)");
  if (m.decimals.price < 0 || m.decimals.price > 18 || m.decimals.quote() > 18)
    return missing(c, "price_decimals (0..18)");
  m.supported_size_decimals = sup_size >= 0 ? sup_size : m.decimals.size;
  m.supported_price_decimals = sup_price >= 0 ? sup_price : m.decimals.price;
  m.supported_quote_decimals = sup_quote >= 0 ? sup_quote : m.decimals.quote();
  if (!min_base.present) return missing(c, "min_base_amount");
  if (!min_quote.present) return missing(c, "min_quote_amount");
  int64_t x = 0;
  // A minimum with more digits than the market has rounds up, never down.
  if (auto b = parse_scaled_ceil(min_base.text, m.decimals.size))
    m.min_base = strategy::qty_lots{*b};
  else
    return c.fail("min_base_amount: not a decimal in range");
  if (auto q = parse_scaled_ceil(min_quote.text, m.decimals.quote()))
    m.min_quote = strategy::quote_units{*q};
  else
    return c.fail("min_quote_amount: not a decimal in range");
  // Fees are percent strings: percent x 10^4 = ppm, exactly.
  constexpr int percent_to_ppm_decimals = 4;
  if (taker.present) {
    if (!to_fixed(taker.text, percent_to_ppm_decimals, x, c, "taker_fee"))
      return false;
    m.taker_fee_ppm = x;
  }
  if (maker.present) {
    if (!to_fixed(maker.text, percent_to_ppm_decimals, x, c, "maker_fee"))
      return false;
    m.maker_fee_ppm = x;
  }
  if (liq.present) {
    if (!to_fixed(liq.text, percent_to_ppm_decimals, x, c, "liquidation_fee"))
      return false;
    m.liquidation_fee_ppm = x;
  }
  return true;
}

namespace {

bool decode_stats_fields(std::string_view k, od::value& fv, account_stats& s,
                         text_field (&t)[6], context& c) {
  if (k == "collateral") return t[0].read(fv, c);
  if (k == "available_balance") return t[1].read(fv, c);
  if (k == "portfolio_value") return t[2].read(fv, c);
  if (k == "buying_power") return t[3].read(fv, c);
  if (k == "leverage") return t[4].read(fv, c);
  if (k == "margin_usage") return t[5].read(fv, c);
  (void)s;
  return true;
}

bool finish_stats(account_stats& s, text_field (&t)[6], context& c) {
  if (!t[0].present) return missing(c, "collateral");
  if (!t[1].present) return missing(c, "available_balance");
  return to_usdc(t[0].text, s.collateral, c, "collateral") &&
         to_usdc(t[1].text, s.available_balance, c, "available_balance") &&
         (!t[2].present ||
          to_usdc(t[2].text, s.portfolio_value, c, "portfolio_value")) &&
         (!t[3].present ||
          to_usdc(t[3].text, s.buying_power, c, "buying_power")) &&
         (!t[4].present || to_decimal(t[4].text, s.leverage, c, "leverage")) &&
         (!t[5].present ||
          to_decimal(t[5].text, s.margin_usage, c, "margin_usage"));
}

bool decode_plain_stats(od::value& v, account_stats& s, context& c) {
  text_field t[6];
  return for_each_field(v, c,
                        [&](std::string_view k, od::value& fv) {
                          return decode_stats_fields(k, fv, s, t, c);
                        }) &&
         finish_stats(s, t, c);
}

} // namespace

bool decode_account_stats(od::value& v, account_stats& s,
                          std::optional<account_stats>* cross,
                          std::optional<account_stats>* total, context& c) {
  text_field t[6];
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "cross_stats" && cross)
      return decode_plain_stats(fv, cross->emplace(), c);
    if (k == "total_stats" && total)
      return decode_plain_stats(fv, total->emplace(), c);
    return decode_stats_fields(k, fv, s, t, c);
  });
  return ok && finish_stats(s, t, c);
}

bool decode_account(od::value& v, const market_table& markets, account& a,
                    context& c) {
  text_field collateral, available, total_value, cross_value;
  bool has_index = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "index") return has_index = true, get_int(fv, a.index, c);
    if (k == "account_index" && !has_index) return get_int(fv, a.index, c);
    if (k == "account_type") return get_int(fv, a.account_type, c);
    if (k == "l1_address") return get_string(fv, a.l1_address, c);
    if (k == "status") return get_int(fv, a.status, c);
    if (k == "collateral") return collateral.read(fv, c);
    if (k == "available_balance") return available.read(fv, c);
    if (k == "total_asset_value") return total_value.read(fv, c);
    if (k == "cross_asset_value") return cross_value.read(fv, c);
    if (k == "total_order_count") return get_int(fv, a.total_order_count, c);
    if (k == "pending_order_count")
      return get_int(fv, a.pending_order_count, c);
    if (k == "cancel_all_time") return get_int(fv, a.cancel_all_time_ms, c);
    if (k == "positions")
      return for_each_element(fv, c, [&](od::value& pv) {
        position p;
        switch (decode_position(pv, markets, p, c)) {
        case outcome::ok:
          a.positions.push_back(std::move(p));
          return true;
        case outcome::unknown_market:
          a.unknown_markets.push_back(p.market_id);
          return true;
        case outcome::failed:
          break;
        }
        return false;
      });
    if (k == "assets")
      return for_each_element(fv, c, [&](od::value& av) {
        asset_balance b;
        if (!decode_asset(av, b, c)) return false;
        a.assets.push_back(std::move(b));
        return true;
      });
    return true;
  });
  if (!ok) return false;
  if (!has_index && a.index == 0) return missing(c, "index");
  if (!collateral.present) return missing(c, "collateral");
  if (!available.present) return missing(c, "available_balance");
  return to_usdc(collateral.text, a.collateral, c, "collateral") &&
         to_usdc(available.text, a.available_balance, c, "available_balance") &&
         (!total_value.present || to_usdc(total_value.text, a.total_asset_value,
                                          c, "total_asset_value")) &&
         (!cross_value.present || to_usdc(cross_value.text, a.cross_asset_value,
                                          c, "cross_asset_value"));
}

bool decode_level(od::value& v, market_decimals d, book_level& out, bool& empty,
                  context& c) {
  std::string_view price, size;
  bool has_price = false, has_size = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "price") return has_price = true, get_scalar_text(fv, price, c);
    if (k == "size") return has_size = true, get_scalar_text(fv, size, c);
    return true;
  });
  if (!ok) return false;
  if (!has_price) return missing(c, "price");
  if (!has_size) return missing(c, "size");
  empty = price.empty() && size.empty();
  if (empty) return true;
  int64_t p = 0, s = 0;
  if (!to_fixed(price, d.price, p, c, "price") ||
      !to_fixed(size, d.size, s, c, "size"))
    return false;
  out.price = strategy::price_ticks{p};
  out.size = strategy::qty_lots{s};
  return true;
}

bool decode_tx_reply_field(std::string_view k, od::value& v, tx_reply& r,
                           context& c) {
  if (k == "code") return get_int(v, r.code, c);
  if (k == "message") return get_string(v, r.message, c);
  if (k == "id") return get_id(v, r.id, c);
  if (k == "tx_hash" || k == "tx_hashes") {
    // `tx_hash` is a string (one tx, or the first of a batch on some
    // servers) or an array; `tx_hashes` is an array. A reply may carry
    // both: every hash is kept once, in order.
    auto add = [&](od::value& hv) {
      std::string h;
      if (!get_string(hv, h, c)) return false;
      if (std::find(r.tx_hashes.begin(), r.tx_hashes.end(), h) ==
          r.tx_hashes.end())
        r.tx_hashes.push_back(std::move(h));
      return true;
    };
    od::json_type t;
    if (auto e = v.type().get(t)) return c.json(e);
    if (t == od::json_type::null) return true;
    if (t == od::json_type::array) {
      if (k == "tx_hash") r.batch = true;
      return for_each_element(v, c, add);
    }
    return add(v);
  }
  if (k == "predicted_execution_time_ms")
    return get_int(v, r.predicted_execution_time_ms, c);
  if (k == "volume_quota_remaining") {
    int64_t q = 0;
    return get_int(v, q, c) && (r.volume_quota_remaining = q, true);
  }
  if (k == "error") { // {"error":{code,message}}, a text, or null
    od::json_type t;
    if (auto e = v.type().get(t)) return c.json(e);
    if (t == od::json_type::object)
      return for_each_field(v, c, [&](std::string_view ek, od::value& ev) {
        if (ek == "code") return get_int(ev, r.code, c);
        if (ek == "message") return get_string(ev, r.message, c);
        return true;
      });
    if (t == od::json_type::string && r.message.empty())
      return get_string(v, r.message, c);
    return true;
  }
  return true;
}

bool get_id(od::value& v, std::string& out, context& c) {
  od::json_type t;
  if (auto e = v.type().get(t)) return c.json(e);
  if (t == od::json_type::string) return get_string(v, out, c);
  if (t == od::json_type::number) {
    out = std::string(trim_token(v.raw_json_token()));
    return true;
  }
  return t == od::json_type::null ? true : c.fail("expected a string id");
}

} // namespace trailgrid::lighter::detail
