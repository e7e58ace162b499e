#include "lighter/codec/ws_decoder.hpp"

#include "lighter/codec/record_decoders.hpp"

#include <array>
#include <charconv>
#include <exception>

namespace trailgrid::lighter {

using namespace detail;

namespace {

/// A channel split at ':' (inbound form) or '/' (outbound form):
/// "candle:0:1m" -> {"candle", "0", "1m"}.
struct channel_parts {
  std::array<std::string_view, 4> part{};
  size_t count = 0;

  explicit channel_parts(std::string_view ch) {
    while (count < part.size()) {
      size_t cut = ch.find_first_of(":/");
      part[count++] = ch.substr(0, cut);
      if (cut == std::string_view::npos) break;
      ch.remove_prefix(cut + 1);
    }
  }
  /// Part `i` as an integer id.
  std::optional<int64_t> id(size_t i) const {
    if (i >= count || part[i].empty()) return std::nullopt;
    int64_t v = 0;
    auto [p, ec] =
        std::from_chars(part[i].data(), part[i].data() + part[i].size(), v);
    if (ec != std::errc() || p != part[i].data() + part[i].size())
      return std::nullopt;
    return v;
  }
  /// The last part as an integer id (the account of account channels).
  std::optional<int64_t> last_id() const {
    return count == 0 ? std::nullopt : id(count - 1);
  }
};

/// What pass 1 learns about a frame.
struct envelope {
  std::string_view type;
  std::string_view channel;
  bool has_type = false;
  bool has_error = false;
};

/// `family` of "subscribed/<family>" or "update/<family>".
bool split_type(std::string_view type, std::string_view& family,
                bool& snapshot) {
  constexpr std::string_view sub = "subscribed/";
  constexpr std::string_view upd = "update/";
  if (type.substr(0, sub.size()) == sub) {
    family = type.substr(sub.size());
    snapshot = true;
    return true;
  }
  if (type.substr(0, upd.size()) == upd) {
    family = type.substr(upd.size());
    snapshot = false;
    return true;
  }
  return false;
}

bool market_of(const channel_parts& ch, const market_table& markets,
               int& market, market_decimals& d, context& c) {
  auto id = ch.id(1);
  if (!id || *id < 0 || *id >= market_table::max_market_id)
    return c.fail("channel has no market id");
  market = static_cast<int>(*id);
  const market_decimals* found = markets.find(market);
  if (!found)
    return c.fail("unknown market " + std::to_string(market) +
                  " (load its details into the market_table first)");
  d = *found;
  return true;
}

bool read_levels(od::value& v, market_decimals d, std::vector<book_level>& out,
                 context& c) {
  return for_each_element(v, c, [&](od::value& lv) {
    book_level l;
    bool empty = false;
    if (!decode_level(lv, d, l, empty, c)) return false;
    if (empty) return c.fail("empty price level");
    out.push_back(l);
    return true;
  });
}

bool decode_book_body(od::value& v, market_decimals d, order_book_update& u,
                      context& c) {
  bool has_asks = false, has_bids = false;
  bool ok = for_each_field(v, c, [&](std::string_view k, od::value& fv) {
    if (k == "asks") return has_asks = true, read_levels(fv, d, u.asks, c);
    if (k == "bids") return has_bids = true, read_levels(fv, d, u.bids, c);
    if (k == "offset") return get_int(fv, u.offset, c);
    if (k == "nonce") {
      int64_t n = 0;
      return get_int(fv, n, c) && (u.nonce = n, true);
    }
    if (k == "begin_nonce") {
      int64_t n = 0;
      return get_int(fv, n, c) && (u.begin_nonce = n, true);
    }
    if (k == "last_updated_at") return get_int(fv, u.last_updated_at_us, c);
    return true;
  });
  if (!ok) return false;
  if (!has_asks || !has_bids) return c.fail("missing required field asks/bids");
  return true;
}

/// Top-level fields every data frame may carry.
bool common_field(std::string_view k, od::value& v, int64_t& timestamp_ms,
                  bool& handled, context& c) {
  handled = k == "timestamp";
  return !handled || get_int(v, timestamp_ms, c);
}

/// A map keyed by market (or asset) id ("1": [..] or "1": {..}), a plain
/// array, or null (nothing). Keys that are not ids are ignored like any
/// unknown field.
template <class F>
bool per_market(od::value& v, context& c, F&& each) {
  od::json_type t;
  if (auto e = v.type().get(t)) return c.json(e);
  if (t == od::json_type::null) return true;
  if (t == od::json_type::array)
    return for_each_element(v, c, [&](od::value& x) { return each(-1, x); });
  return for_each_field(v, c, [&](std::string_view k, od::value& x) {
    int market = 0;
    if (!int_key(k, market)) return true; // not an id: an extra field, ignored
    od::json_type xt;
    if (auto e = x.type().get(xt)) return c.json(e);
    if (xt == od::json_type::array)
      return for_each_element(x, c,
                              [&](od::value& y) { return each(market, y); });
    return each(market, x);
  });
}

/// Records one decoded record or its unknown market.

} // namespace

struct ws_decoder::impl {
  json_source source;

  /// Pass 1: type, channel and whether an `error` key exists.
  bool read_envelope(od::document& doc, envelope& env, context& c) {
    od::object obj;
    if (!top_object(doc, obj, c)) return false;
    for (auto fr : obj) {
      od::field f;
      if (auto e = std::move(fr).get(f)) return c.json(e);
      std::string_view k = key_of(f);
      if (k == "type") {
        if (!get_raw_string(f.value(), env.type, c)) return c.in("type");
        env.has_type = true;
      } else if (k == "channel") {
        if (!get_raw_string(f.value(), env.channel, c)) return c.in("channel");
      } else if (k == "error") {
        env.has_error = true;
      }
    }
    if (!at_end(doc)) return c.fail("trailing content after the JSON object");
    return true;
  }

  /// Iterates the top-level fields again (after rewind).
  template <class F>
  bool fields(od::document& doc, context& c, F&& each) {
    doc.rewind();
    od::object obj;
    if (!top_object(doc, obj, c)) return false;
    for (auto fr : obj) {
      od::field f;
      if (auto e = std::move(fr).get(f)) return c.json(e);
      std::string_view k = key_of(f);
      if (!each(k, f.value())) return c.in(k);
    }
    return true;
  }

  bool order_book(od::document& doc, const channel_parts& ch,
                  const market_table& markets, bool snapshot,
                  order_book_update& u, context& c) {
    u.is_snapshot = snapshot;
    u.asks.clear();
    u.bids.clear();
    u.nonce.reset();
    u.begin_nonce.reset();
    u.offset = 0;
    u.timestamp_ms = 0;
    u.last_updated_at_us = 0;
    market_decimals d;
    if (!market_of(ch, markets, u.market_id, d, c)) return false;
    bool has_book = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "order_book")
            return has_book = true, decode_book_body(v, d, u, c);
          if (k == "offset") return get_int(v, u.offset, c);
          return true;
        }))
      return false;
    if (!has_book) return c.fail("missing required field order_book");
    return true;
  }

  bool decode(std::string_view frame, const market_table& markets,
              ws_message& out, context& c) {
    od::document doc;
    if (auto e = source.iterate(frame, doc)) return c.json(e);
    envelope env;
    if (!read_envelope(doc, env, c)) return false;
    if (!env.has_type) {
      if (!env.has_error) return c.fail("missing required field type");
      return error_frame(doc, out, c);
    }
    std::string_view type = env.type;
    channel_parts ch(env.channel);
    std::string_view family;
    bool snapshot = false;
    if (!split_type(type, family, snapshot))
      return plain_type(doc, env, out, c);
    if (family == "order_book") {
      order_book_update u;
      if (!order_book(doc, ch, markets, snapshot, u, c)) return false;
      out = std::move(u);
      return true;
    }
    if (family == "trade") return trades(doc, ch, markets, snapshot, out, c);
    if (family == "ticker") return ticker(doc, ch, markets, snapshot, out, c);
    if (family == "market_stats")
      return stats(doc, ch, markets, snapshot, out, c);
    if (family == "height") return height(doc, snapshot, out, c);
    if (family == "candle") return candles(doc, ch, markets, snapshot, out, c);
    if (family == "account_all_trades" || family == "account_trades")
      return account_trades(doc, ch, markets, snapshot, out, c);
    if (family == "account_all_orders" || family == "account_orders")
      return account_orders(doc, ch, markets, snapshot,
                            family == "account_orders", out, c);
    if (family == "account_market")
      return account_market(doc, ch, markets, snapshot, out, c);
    if (family == "account_all_positions")
      return account_positions(doc, ch, markets, snapshot, out, c);
    if (family == "account_all_assets")
      return account_assets(doc, ch, snapshot, out, c);
    if (family == "user_stats") return user_stats(doc, ch, snapshot, out, c);
    out = ws_other{std::string(type), std::string(env.channel)};
    return true;
  }

  /// An error frame, `{"error":{code,message}}` or `{"type":"error",
  /// "code":N,"message":".."}` (code and message at the top or nested).
  bool error_frame(od::document& doc, ws_message& out, context& c) {
    ws_error err;
    bool has_code = false;
    auto code_or_message = [&](std::string_view k, od::value& v) {
      if (k == "code") return has_code = true, get_int(v, err.code, c);
      if (k == "message") return get_string(v, err.message, c);
      return true;
    };
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          if (k == "id") return get_id(v, err.id, c);
          if (k != "error") return code_or_message(k, v);
          od::json_type t;
          if (auto e = v.type().get(t)) return c.json(e);
          if (t == od::json_type::object)
            return for_each_field(v, c, code_or_message);
          if (t == od::json_type::string && err.message.empty())
            return get_string(v, err.message, c);
          return true;
        }))
      return false;
    if (!has_code) return c.fail("error: missing required field code");
    out = std::move(err);
    return true;
  }

  /// Types without a subscribed/update prefix.
  bool plain_type(od::document& doc, const envelope& env, ws_message& out,
                  context& c) {
    std::string_view type = env.type;
    if (type == "error") return error_frame(doc, out, c);
    if (type == "connected") {
      ws_connected m;
      if (!fields(doc, c, [&](std::string_view k, od::value& v) {
            return k != "session_id" || get_string(v, m.session_id, c);
          }))
        return false;
      out = std::move(m);
      return true;
    }
    if (type == "ping") {
      out = ws_ping{};
      return true;
    }
    if (type == "pong") {
      out = ws_pong{};
      return true;
    }
    if (type == "unsubscribed") {
      out = ws_unsubscribed{std::string(env.channel)};
      return true;
    }
    if (type == "jsonapi/sendtx" || type == "jsonapi/sendtxbatch" ||
        type == "jsonapi/sendtx_response" ||
        type == "jsonapi/sendtxbatch_response") {
      tx_reply r;
      r.batch = type.find("batch") != std::string_view::npos;
      if (!fields(doc, c, [&](std::string_view k, od::value& v) {
            return decode_tx_reply_field(k, v, r, c);
          }))
        return false;
      if (r.ok() && r.tx_hashes.empty())
        return c.fail("accepted tx reply without tx_hash");
      out = std::move(r);
      return true;
    }
    out = ws_other{std::string(type), std::string(env.channel)};
    return true;
  }

  bool trades(od::document& doc, const channel_parts& ch,
              const market_table& markets, bool snapshot, ws_message& out,
              context& c) {
    trade_update u;
    u.is_snapshot = snapshot;
    market_decimals d;
    if (!market_of(ch, markets, u.market_id, d, c)) return false;
    auto list = [&](od::value& v, std::vector<trade>& into) {
      return for_each_element(v, c, [&](od::value& tv) {
        trade t;
        switch (decode_trade(tv, markets, t, c)) {
        case outcome::ok:
          into.push_back(std::move(t));
          return true;
        case outcome::unknown_market:
          return c.fail("trade of unknown market " +
                        std::to_string(t.market_id));
        case outcome::failed:
          break;
        }
        return false;
      });
    };
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "trades") return list(v, u.trades);
          if (k == "liquidation_trades") return list(v, u.liquidation_trades);
          if (k == "nonce") return get_int(v, u.nonce, c);
          return true;
        }))
      return false;
    out = std::move(u);
    return true;
  }

  bool ticker(od::document& doc, const channel_parts& ch,
              const market_table& markets, bool snapshot, ws_message& out,
              context& c) {
    ticker_update u;
    u.is_snapshot = snapshot;
    market_decimals d;
    if (!market_of(ch, markets, u.market_id, d, c)) return false;
    auto side = [&](od::value& v, std::optional<book_level>& into) {
      book_level l;
      bool empty = false;
      if (!decode_level(v, d, l, empty, c)) return false;
      if (!empty) into = l;
      return true;
    };
    bool has_ticker = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "nonce") return get_int(v, u.nonce, c);
          if (k == "ticker") {
            has_ticker = true;
            return for_each_field(
                v, c, [&](std::string_view tk, od::value& tv) {
                  if (tk == "s") return get_string(tv, u.symbol, c);
                  if (tk == "a") return side(tv, u.best_ask);
                  if (tk == "b") return side(tv, u.best_bid);
                  if (tk == "last_updated_at")
                    return get_int(tv, u.last_updated_at_us, c);
                  return true;
                });
          }
          return true;
        }))
      return false;
    if (!has_ticker) return c.fail("missing required field ticker");
    out = std::move(u);
    return true;
  }

  bool stats(od::document& doc, const channel_parts& ch,
             const market_table& markets, bool snapshot, ws_message& out,
             context& c) {
    market_stats_update u;
    u.is_snapshot = snapshot;
    u.all_markets = ch.count > 1 && ch.part[1] == "all";
    bool has_stats = false;
    auto one = [&](od::value& v) {
      market_stats s;
      outcome o = decode_market_stats(v, markets, s, c);
      if (o == outcome::unknown_market && !u.all_markets)
        return c.fail("unknown market " + std::to_string(s.market_id));
      return collect(o, std::move(s), s.market_id, u.stats, u.unknown_markets);
    };
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k != "market_stats") return true;
          has_stats = true;
          if (!u.all_markets) return one(v);
          return for_each_field(v, c, [&](std::string_view id, od::value& sv) {
            int market = 0;
            return !int_key(id, market) || one(sv);
          });
        }))
      return false;
    if (!has_stats) return c.fail("missing required field market_stats");
    out = std::move(u);
    return true;
  }

  bool height(od::document& doc, bool snapshot, ws_message& out, context& c) {
    height_update u;
    u.is_snapshot = snapshot;
    bool has_height = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "height") return has_height = true, get_int(v, u.height, c);
          return true;
        }))
      return false;
    if (!has_height) return c.fail("missing required field height");
    out = u;
    return true;
  }

  bool candles(od::document& doc, const channel_parts& ch,
               const market_table& markets, bool snapshot, ws_message& out,
               context& c) {
    candle_update u;
    u.is_snapshot = snapshot;
    market_decimals d;
    if (!market_of(ch, markets, u.market_id, d, c)) return false;
    if (ch.count > 2) u.resolution = std::string(ch.part[2]);
    bool has_candles = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "candles") {
            has_candles = true;
            return for_each_element(v, c, [&](od::value& cv) {
              return decode_candle(cv, d, u.candles.emplace_back(), c);
            });
          }
          if (k == "candle") { // a single object, should a server send one
            has_candles = true;
            return decode_candle(v, d, u.candles.emplace_back(), c);
          }
          return true;
        }))
      return false;
    if (!has_candles) return c.fail("missing required field candles");
    out = std::move(u);
    return true;
  }

  static bool account_of(const channel_parts& ch, int64_t& account,
                         bool seen_field, context& c) {
    if (seen_field) return true;
    auto id = ch.last_id();
    if (!id) return c.fail("channel has no account id");
    account = *id;
    return true;
  }

  // An account channel's body: the common fields, `account` (else the
  // channel's last id), the required payload `required` and other keys,
  // both read by `on_field(key, value)`.
  template <class Update, class OnField>
  bool account_update(od::document& doc, const channel_parts& ch, Update& u,
                      const char* required, OnField&& on_field, ws_message& out,
                      context& c) {
    bool has_account = false, has_required = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "account")
            return has_account = true, get_int(v, u.account, c);
          if (k == required) has_required = true;
          return on_field(k, v);
        }))
      return false;
    if (!has_required)
      return c.fail(std::string{"missing required field "} + required);
    if (!account_of(ch, u.account, has_account, c)) return false;
    out = std::move(u);
    return true;
  }

  bool account_trades(od::document& doc, const channel_parts& ch,
                      const market_table& markets, bool snapshot,
                      ws_message& out, context& c) {
    account_trades_update u;
    u.is_snapshot = snapshot;
    auto volume = [&](od::value& v, std::optional<double>& into) {
      double x = 0;
      return get_double(v, x, c) && (into = x, true);
    };
    return account_update(
        doc, ch, u, "trades",
        [&](std::string_view k, od::value& v) {
          if (k == "daily_volume") return volume(v, u.daily_volume);
          if (k == "weekly_volume") return volume(v, u.weekly_volume);
          if (k == "monthly_volume") return volume(v, u.monthly_volume);
          if (k == "total_volume") return volume(v, u.total_volume);
          if (k == "trades")
            return per_market(v, c, [&](int, od::value& tv) {
              trade t;
              outcome o = decode_trade(tv, markets, t, c);
              return collect(o, std::move(t), t.market_id, u.trades,
                             u.unknown_markets);
            });
          return true;
        },
        out, c);
  }

  bool account_orders(od::document& doc, const channel_parts& ch,
                      const market_table& markets, bool snapshot,
                      bool one_market, ws_message& out, context& c) {
    account_orders_update u;
    u.is_snapshot = snapshot;
    if (one_market) {
      if (auto m = ch.id(1)) u.market_id = static_cast<int>(*m);
    }
    bool has_account = false, has_orders = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "account")
            return has_account = true, get_int(v, u.account, c);
          if (k == "nonce") return get_int(v, u.nonce, c);
          if (k == "orders") {
            has_orders = true;
            return per_market(v, c, [&](int, od::value& ov) {
              order o;
              outcome r = decode_order(ov, markets, o, c);
              return collect(r, std::move(o), o.market_id, u.orders,
                             u.unknown_markets);
            });
          }
          return true;
        }))
      return false;
    if (!has_orders) return c.fail("missing required field orders");
    // account_orders:{M}:{A} or account_orders:{M} with an `account` field.
    if (!has_account && one_market && ch.count < 3)
      return c.fail("missing required field account");
    if (!account_of(ch, u.account, has_account, c)) return false;
    out = std::move(u);
    return true;
  }

  bool account_market(od::document& doc, const channel_parts& ch,
                      const market_table& markets, bool snapshot,
                      ws_message& out, context& c) {
    account_market_update u;
    u.is_snapshot = snapshot;
    auto m = ch.id(1);
    if (!m || *m < 0 || *m >= market_table::max_market_id)
      return c.fail("channel has no market id");
    u.market_id = static_cast<int>(*m);
    bool has_account = false, has_payload = false;
    if (!fields(doc, c, [&](std::string_view k, od::value& v) {
          bool handled = false;
          if (!common_field(k, v, u.timestamp_ms, handled, c) || handled)
            return handled;
          if (k == "account")
            return has_account = true, get_int(v, u.account, c);
          if (k == "orders")
            return has_payload = true,
                   per_market(v, c, [&](int, od::value& ov) {
                     order o;
                     outcome r = decode_order(ov, markets, o, c);
                     return collect(r, std::move(o), o.market_id, u.orders,
                                    u.unknown_markets);
                   });
          if (k == "position" || k == "positions")
            return has_payload = true,
                   per_market(v, c, [&](int, od::value& pv) {
                     position p;
                     outcome r = decode_position(pv, markets, p, c);
                     return collect(r, std::move(p), p.market_id, u.positions,
                                    u.unknown_markets);
                   });
          if (k == "trades")
            return has_payload = true,
                   per_market(v, c, [&](int, od::value& tv) {
                     trade t;
                     outcome r = decode_trade(tv, markets, t, c);
                     return collect(r, std::move(t), t.market_id, u.trades,
                                    u.unknown_markets);
                   });
          return true;
        }))
      return false;
    if (!has_payload)
      return c.fail("missing required field orders/position/trades");
    // account_market:{M}:{A}, or account_market:{M} with an `account` field.
    if (!has_account && ch.count < 3)
      return c.fail("missing required field account");
    if (!account_of(ch, u.account, has_account, c)) return false;
    out = std::move(u);
    return true;
  }

  bool account_positions(od::document& doc, const channel_parts& ch,
                         const market_table& markets, bool snapshot,
                         ws_message& out, context& c) {
    account_positions_update u;
    u.is_snapshot = snapshot;
    return account_update(
        doc, ch, u, "positions",
        [&](std::string_view k, od::value& v) {
          if (k == "positions")
            return per_market(v, c, [&](int, od::value& pv) {
              position p;
              outcome o = decode_position(pv, markets, p, c);
              return collect(o, std::move(p), p.market_id, u.positions,
                             u.unknown_markets);
            });
          return true;
        },
        out, c);
  }

  bool account_assets(od::document& doc, const channel_parts& ch, bool snapshot,
                      ws_message& out, context& c) {
    account_assets_update u;
    u.is_snapshot = snapshot;
    return account_update(
        doc, ch, u, "assets",
        [&](std::string_view k, od::value& v) {
          if (k == "assets")
            return per_market(v, c, [&](int, od::value& av) {
              return decode_asset(av, u.assets.emplace_back(), c);
            });
          return true;
        },
        out, c);
  }

  bool user_stats(od::document& doc, const channel_parts& ch, bool snapshot,
                  ws_message& out, context& c) {
    user_stats_update u;
    u.is_snapshot = snapshot;
    return account_update(
        doc, ch, u, "stats",
        [&](std::string_view k, od::value& v) {
          if (k == "stats")
            return decode_account_stats(v, u.stats, &u.cross, &u.total, c);
          return true;
        },
        out, c);
  }
};

ws_decoder::ws_decoder() : impl_(std::make_unique<impl>()) {}
ws_decoder::~ws_decoder() = default;
ws_decoder::ws_decoder(ws_decoder&&) noexcept = default;
ws_decoder& ws_decoder::operator=(ws_decoder&&) noexcept = default;

decode_result<ws_message> ws_decoder::decode(std::string_view frame,
                                             const market_table& markets) {
  context c;
  try {
    ws_message out;
    if (impl_->decode(frame, markets, out, c)) return out;
  } catch (const std::exception& e) {
    c.fail(e.what());
  }
  return decode_error{"ws frame: " + c.error, std::nullopt};
}

bool ws_decoder::decode_order_book(std::string_view frame,
                                   const market_table& markets,
                                   order_book_update& out, std::string& error) {
  context c;
  try {
    od::document doc;
    if (auto e = impl_->source.iterate(frame, doc)) {
      c.json(e);
    } else {
      envelope env;
      std::string_view family;
      bool snapshot = false;
      if (impl_->read_envelope(doc, env, c)) {
        if (!split_type(env.type, family, snapshot) || family != "order_book")
          c.fail("not an order_book frame: type \"" + std::string(env.type) +
                 "\"");
        else if (impl_->order_book(doc, channel_parts(env.channel), markets,
                                   snapshot, out, c))
          return true;
      }
    }
  } catch (const std::exception& e) {
    c.fail(e.what());
  }
  error = "ws frame: " + c.error;
  return false;
}

} // namespace trailgrid::lighter
