#include "lighter/codec/rest_decoder.hpp"

#include "lighter/codec/read_only_token.hpp"
#include "lighter/codec/record_decoders.hpp"

#include <exception>

namespace trailgrid::lighter {

using namespace detail;

struct rest_decoder::impl {
  json_source source;

  /// Runs one decode: parses `body` as an object, reads `code`/`message`,
  /// hands every other field to `on_field(key, value)`, then calls
  /// `finish()`. A `code` other than 200 turns into an api error.
  template <class T, class OnField, class Finish>
  decode_result<T> run(std::string_view body, std::string_view what,
                       OnField&& on_field, Finish&& finish) {
    context c;
    try {
      od::document doc;
      if (auto e = source.iterate(body, doc)) {
        c.json(e);
        return error(what, c);
      }
      od::object obj;
      if (!top_object(doc, obj, c)) return error(what, c);
      std::optional<int64_t> code;
      std::string message;
      for (auto fr : obj) {
        od::field f;
        if (auto e = std::move(fr).get(f)) {
          c.json(e);
          return error(what, c);
        }
        std::string_view k = key_of(f);
        od::value& v = f.value();
        bool ok = true;
        if (k == "code") {
          int64_t x = 0;
          ok = get_int(v, x, c);
          code = x;
        } else if (k == "message") {
          ok = get_string(v, message, c);
        } else {
          ok = on_field(k, v, c);
        }
        if (!ok) {
          c.in(k);
          return error(what, c);
        }
      }
      if (!at_end(doc)) {
        c.fail("trailing content after the JSON object");
        return error(what, c);
      }
      if (code && *code != 200) {
        decode_error err;
        err.message = std::string(what) + ": exchange error " +
                      std::to_string(*code) + ": " + message;
        err.api = api_error{*code, std::move(message)};
        return err;
      }
      auto out = finish(c, code, message);
      if (!out) return error(what, c);
      return std::move(*out);
    } catch (const std::exception& e) {
      c.fail(e.what());
      return error(what, c);
    }
  }

  static decode_error error(std::string_view what, const context& c) {
    return decode_error{std::string(what) + ": " + c.error, std::nullopt};
  }
};

rest_decoder::rest_decoder() : impl_(std::make_unique<impl>()) {}
rest_decoder::~rest_decoder() = default;
rest_decoder::rest_decoder(rest_decoder&&) noexcept = default;
rest_decoder& rest_decoder::operator=(rest_decoder&&) noexcept = default;

namespace {

/// `finish` for bodies whose value is complete after the field pass.
template <class T>
auto finish_with(T& value) {
  return [&value](context&, const std::optional<int64_t>&,
                  const std::string&) -> std::optional<T> {
    return std::move(value);
  };
}

/// `finish` for bodies whose value is complete after the field pass once
/// the required field(s) `name` were seen.
template <class T>
auto finish_required(T& value, const bool& seen, const char* name) {
  return [&value, &seen, name](context& c, const std::optional<int64_t>&,
                               const std::string&) -> std::optional<T> {
    if (!seen)
      return c.fail(std::string{"missing required field "} + name),
             std::nullopt;
    return std::move(value);
  };
}

bool market_list(od::value& v, std::vector<market_info>& out, context& c) {
  return for_each_element(v, c, [&](od::value& mv) {
    return decode_market_info(mv, out.emplace_back(), c);
  });
}

} // namespace

decode_result<std::vector<market_info>>
rest_decoder::order_books(std::string_view body) {
  std::vector<market_info> out;
  bool seen = false;
  return impl_->run<std::vector<market_info>>(
      body, "orderBooks",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "order_books") return seen = true, market_list(v, out, c);
        return true;
      },
      finish_required(out, seen, "order_books"));
}

decode_result<std::vector<market_info>>
rest_decoder::order_book_details(std::string_view body) {
  std::vector<market_info> out;
  bool seen = false;
  return impl_->run<std::vector<market_info>>(
      body, "orderBookDetails",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "order_book_details" || k == "spot_order_book_details")
          return seen = true, market_list(v, out, c);
        return true;
      },
      finish_required(out, seen, "order_book_details"));
}

decode_result<int64_t> rest_decoder::next_nonce(std::string_view body) {
  std::optional<int64_t> nonce;
  return impl_->run<int64_t>(
      body, "nextNonce",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "nonce") {
          int64_t n = 0;
          if (!get_int(v, n, c)) return false;
          if (n < 0) return c.fail("negative nonce");
          nonce = n;
        }
        return true;
      },
      [&](context& c, auto&, auto&) -> std::optional<int64_t> {
        if (!nonce) return c.fail("missing required field nonce"), std::nullopt;
        return nonce;
      });
}

decode_result<std::vector<account>>
rest_decoder::accounts(std::string_view body, const market_table& markets) {
  std::vector<account> out;
  bool seen = false;
  return impl_->run<std::vector<account>>(
      body, "account",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "accounts") {
          seen = true;
          return for_each_element(v, c, [&](od::value& av) {
            return decode_account(av, markets, out.emplace_back(), c);
          });
        }
        return true;
      },
      finish_required(out, seen, "accounts"));
}

decode_result<order_list> rest_decoder::orders(std::string_view body,
                                               const market_table& markets) {
  order_list out;
  bool seen = false;
  return impl_->run<order_list>(
      body, "orders",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "orders") {
          seen = true;
          return for_each_element(v, c, [&](od::value& ov) {
            order o;
            outcome r = decode_order(ov, markets, o, c);
            return collect(r, std::move(o), o.market_id, out.orders,
                           out.unknown_markets);
          });
        }
        if (k == "next_cursor") return get_string(v, out.next_cursor, c);
        return true;
      },
      finish_required(out, seen, "orders"));
}

decode_result<std::vector<candle>>
rest_decoder::candles(std::string_view body, market_decimals decimals) {
  std::vector<candle> out;
  bool seen = false;
  return impl_->run<std::vector<candle>>(
      body, "candles",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "c" || k == "candlesticks" || k == "candles") {
          seen = true;
          return for_each_element(v, c, [&](od::value& cv) {
            return decode_candle(cv, decimals, out.emplace_back(), c);
          });
        }
        return true;
      },
      finish_required(out, seen, "c (or candlesticks)"));
}

decode_result<trade_list> rest_decoder::trades(std::string_view body,
                                               const market_table& markets) {
  trade_list out;
  bool seen = false;
  return impl_->run<trade_list>(
      body, "trades",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "trades") {
          seen = true;
          return for_each_element(v, c, [&](od::value& tv) {
            trade t;
            outcome r = decode_trade(tv, markets, t, c);
            return collect(r, std::move(t), t.market_id, out.trades,
                           out.unknown_markets);
          });
        }
        if (k == "next_cursor") return get_string(v, out.next_cursor, c);
        return true;
      },
      finish_required(out, seen, "trades"));
}

decode_result<book_orders>
rest_decoder::order_book_orders(std::string_view body,
                                market_decimals decimals) {
  book_orders out;
  bool asks = false, bids = false;
  auto side = [&](od::value& v, std::vector<resting_order>& rows, context& c) {
    return for_each_element(v, c, [&](od::value& rv) {
      return decode_resting_order(rv, decimals, rows.emplace_back(), c);
    });
  };
  return impl_->run<book_orders>(
      body, "orderBookOrders",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "asks") return asks = true, side(v, out.asks, c);
        if (k == "bids") return bids = true, side(v, out.bids, c);
        if (k == "total_asks") return get_int(v, out.total_asks, c);
        if (k == "total_bids") return get_int(v, out.total_bids, c);
        return true;
      },
      [&](context& c, auto&, auto&) -> std::optional<book_orders> {
        if (!asks || !bids)
          return c.fail("missing required field asks/bids"), std::nullopt;
        return std::move(out);
      });
}

decode_result<book_depth>
rest_decoder::order_book_depth(std::string_view body,
                               market_decimals decimals) {
  book_depth out;
  bool asks = false, bids = false;
  auto side = [&](od::value& v, std::vector<book_level>& levels, context& c) {
    return for_each_element(v, c, [&](od::value& lv) {
      book_level l;
      bool empty = false;
      if (!decode_level(lv, decimals, l, empty, c)) return false;
      if (!empty) levels.push_back(l);
      return true;
    });
  };
  return impl_->run<book_depth>(
      body, "orderBookDepth",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "asks") return asks = true, side(v, out.asks, c);
        if (k == "bids") return bids = true, side(v, out.bids, c);
        if (k == "offset") return get_int(v, out.offset, c);
        if (k == "nonce") {
          int64_t n = 0;
          return get_int(v, n, c) && (out.nonce = n, true);
        }
        return true;
      },
      [&](context& c, auto&, auto&) -> std::optional<book_depth> {
        if (!asks || !bids)
          return c.fail("missing required field asks/bids"), std::nullopt;
        return std::move(out);
      });
}

decode_result<tx_reply> rest_decoder::send_tx(std::string_view body) {
  tx_reply out;
  return impl_->run<tx_reply>(
      body, "sendTx",
      [&](std::string_view k, od::value& v, context& c) {
        return decode_tx_reply_field(k, v, out, c);
      },
      [&](context& c, const std::optional<int64_t>& code,
          const std::string& message) -> std::optional<tx_reply> {
        if (!code) return c.fail("missing required field code"), std::nullopt;
        if (out.tx_hashes.empty())
          return c.fail("missing required field tx_hash"), std::nullopt;
        out.code = *code;
        out.message = message;
        return std::move(out);
      });
}

decode_result<std::string>
rest_decoder::read_only_token(std::string_view body) {
  std::optional<std::string> token;
  return impl_->run<std::string>(
      body, "tokens/create",
      [&](std::string_view k, od::value& v, context& c) {
        if (k != "token") return true;
        std::string t;
        if (!get_string(v, t, c)) return false;
        if (!parse_read_only_token(t))
          return c.fail("token is not a read-only token "
                        "(ro:ACCOUNT:single|all:EXPIRY:HEX)");
        token = std::move(t);
        return true;
      },
      [&](context& c, auto&, auto&) -> std::optional<std::string> {
        if (!token) return c.fail("missing required field token"), std::nullopt;
        return std::move(token);
      });
}

decode_result<api_error> rest_decoder::error_body(std::string_view body) {
  // Decoded by hand: run() would turn the very thing we want into an error.
  auto r = impl_->run<api_error>(
      body, "error body",
      [](std::string_view, od::value&, context&) { return true; },
      [](context& c, const std::optional<int64_t>&,
         const std::string&) -> std::optional<api_error> {
        return c.fail("code 200 (or no code): not an error body"), std::nullopt;
      });
  if (!r.has_value() && r.error().api) return *r.error().api;
  return r;
}

decode_result<std::vector<funding>>
rest_decoder::fundings(std::string_view body) {
  std::vector<funding> out;
  bool seen = false;
  return impl_->run<std::vector<funding>>(
      body, "fundings",
      [&](std::string_view k, od::value& v, context& c) {
        if (k != "fundings") return true;
        seen = true;
        return for_each_element(v, c, [&](od::value& fv) {
          funding& f = out.emplace_back();
          std::string_view value, rate;
          bool has_t = false;
          bool ok =
              for_each_field(fv, c, [&](std::string_view fk, od::value& x) {
                if (fk == "timestamp")
                  return has_t = true, get_int(x, f.timestamp_ms, c);
                if (fk == "value") return get_scalar_text(x, value, c);
                if (fk == "rate") return get_scalar_text(x, rate, c);
                if (fk == "direction") return get_string(x, f.direction, c);
                return true;
              });
          if (!ok) return false;
          if (!has_t) return c.fail("missing required field timestamp");
          f.timestamp_ms = timestamp_to_ms(f.timestamp_ms);
          return (value.empty() || to_decimal(value, f.value, c, "value")) &&
                 (rate.empty() || to_decimal(rate, f.rate, c, "rate"));
        });
      },
      finish_required(out, seen, "fundings"));
}

decode_result<std::vector<funding_rate>>
rest_decoder::funding_rates(std::string_view body) {
  std::vector<funding_rate> out;
  bool seen = false;
  return impl_->run<std::vector<funding_rate>>(
      body, "funding-rates",
      [&](std::string_view k, od::value& v, context& c) {
        if (k != "funding_rates") return true;
        seen = true;
        return for_each_element(v, c, [&](od::value& rv) {
          funding_rate& r = out.emplace_back();
          bool has_market = false, has_rate = false;
          bool ok =
              for_each_field(rv, c, [&](std::string_view fk, od::value& x) {
                if (fk == "market_id")
                  return has_market = true, get_int(x, r.market_id, c);
                if (fk == "exchange") return get_string(x, r.exchange, c);
                if (fk == "symbol") return get_string(x, r.symbol, c);
                if (fk == "rate")
                  return has_rate = true, get_double(x, r.rate, c);
                return true;
              });
          if (!ok) return false;
          if (!has_market || !has_rate)
            return c.fail("missing required field market_id/rate");
          return true;
        });
      },
      finish_required(out, seen, "funding_rates"));
}

decode_result<exchange_status> rest_decoder::status(std::string_view body) {
  exchange_status out;
  bool seen = false;
  return impl_->run<exchange_status>(
      body, "status",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "status") return seen = true, get_int(v, out.status, c);
        if (k == "network_id") return get_int(v, out.network_id, c);
        if (k == "timestamp") return get_int(v, out.timestamp_ms, c);
        return true;
      },
      [&](context& c, auto&, auto&) -> std::optional<exchange_status> {
        if (!seen) return c.fail("missing required field status"), std::nullopt;
        out.timestamp_ms = timestamp_to_ms(out.timestamp_ms);
        return out;
      });
}

decode_result<int64_t> rest_decoder::withdrawal_delay(std::string_view body) {
  std::optional<int64_t> seconds;
  return impl_->run<int64_t>(
      body, "withdrawalDelay",
      [&](std::string_view k, od::value& v, context& c) {
        if (k == "seconds") {
          int64_t s = 0;
          return get_int(v, s, c) && (seconds = s, true);
        }
        return true;
      },
      [&](context& c, auto&, auto&) -> std::optional<int64_t> {
        if (!seconds)
          return c.fail("missing required field seconds"), std::nullopt;
        return seconds;
      });
}

} // namespace trailgrid::lighter
