#include "lighter/codec/json_reader.hpp"

#include <charconv>
#include <cstring>
#include <limits>

namespace trailgrid::lighter::detail {

simdjson::error_code json_source::iterate(std::string_view text,
                                          od::document& doc) {
  size_t need = text.size() + simdjson::SIMDJSON_PADDING;
  if (need > capacity_) {
    capacity_ = need < 4096 ? 4096 : need * 2;
    buf_.reset(new char[capacity_]);
  }
  std::memcpy(buf_.get(), text.data(), text.size());
  std::memset(buf_.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return parser_
      .iterate(simdjson::padded_string_view(buf_.get(), text.size(), capacity_))
      .get(doc);
}

std::string_view key_of(od::field& f) {
  const char* begin = f.key().raw();
  const char* end = begin;
  while (*end != '"') {
    if (*end == '\\') ++end;
    ++end;
  }
  return {begin, static_cast<size_t>(end - begin)};
}

std::string_view trim_token(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                            token.back() == '\r' || token.back() == '\t'))
    token.remove_suffix(1);
  return token;
}

bool raw_string_of(std::string_view token, std::string_view& out) {
  token = trim_token(token);
  if (token.size() < 2 || token.front() != '"' || token.back() != '"')
    return false;
  out = token.substr(1, token.size() - 2);
  return true;
}

namespace {

bool parse_int_text(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string quoted(std::string_view s) {
  std::string q;
  q.reserve(s.size() + 2);
  q += '"';
  q.append(s.substr(0, 64));
  if (s.size() > 64) q += "...";
  q += '"';
  return q;
}

} // namespace

bool get_int(od::value& v, int64_t& out, context& c) {
  od::json_type t;
  if (auto e = v.type().get(t)) return c.json(e);
  if (t == od::json_type::number) {
    if (v.get_int64().get(out) != simdjson::SUCCESS)
      return c.fail(std::string("expected an int64, got ") +
                    std::string(trim_token(v.raw_json_token())));
    return true;
  }
  if (t == od::json_type::string) {
    std::string_view s;
    if (!raw_string_of(v.raw_json_token(), s) || !parse_int_text(s, out))
      return c.fail("expected an integer, got " + quoted(s));
    return true;
  }
  return c.fail("expected an integer");
}

bool get_int(od::value& v, int& out, context& c) {
  int64_t wide = 0;
  if (!get_int(v, wide, c)) return false;
  if (wide < std::numeric_limits<int>::min() ||
      wide > std::numeric_limits<int>::max())
    return c.fail("integer out of range: " + std::to_string(wide));
  out = static_cast<int>(wide);
  return true;
}

bool get_bool(od::value& v, bool& out, context& c) {
  od::json_type t;
  if (auto e = v.type().get(t)) return c.json(e);
  if (t == od::json_type::boolean) {
    if (auto e = v.get_bool().get(out)) return c.json(e);
    return true;
  }
  if (t == od::json_type::number) {
    int64_t n = 0;
    if (v.get_int64().get(n) || (n != 0 && n != 1))
      return c.fail("expected a boolean");
    out = n == 1;
    return true;
  }
  return c.fail("expected a boolean");
}

bool get_double(od::value& v, double& out, context& c) {
  od::json_type t;
  if (auto e = v.type().get(t)) return c.json(e);
  if (t == od::json_type::number) {
    if (auto e = v.get_double().get(out)) return c.json(e);
    return true;
  }
  if (t == od::json_type::string) {
    std::string_view s;
    if (!raw_string_of(v.raw_json_token(), s))
      return c.fail("expected a number");
    auto d = parse_decimal(s);
    if (!d) return c.fail("expected a number, got " + quoted(s));
    out = d->to_double();
    return true;
  }
  return c.fail("expected a number");
}

bool get_string(od::value& v, std::string& out, context& c) {
  std::string_view s;
  if (auto e = v.get_string().get(s))
    return c.fail(e == simdjson::INCORRECT_TYPE
                      ? std::string("expected a string")
                      : std::string("malformed JSON: ") +
                            simdjson::error_message(e));
  out.assign(s.data(), s.size());
  return true;
}

bool get_raw_string(od::value& v, std::string_view& out, context& c) {
  if (!raw_string_of(v.raw_json_token(), out))
    return c.fail("expected a string");
  return true;
}

bool get_scalar_text(od::value& v, std::string_view& out, context& c) {
  std::string_view tok = trim_token(v.raw_json_token());
  if (raw_string_of(tok, out)) return true;
  if (!tok.empty() &&
      (tok.front() == '-' || (tok.front() >= '0' && tok.front() <= '9'))) {
    out = tok;
    return true;
  }
  return c.fail("expected a number or a decimal string");
}

bool to_fixed(std::string_view text, int decimals, int64_t& out, context& c,
              std::string_view what) {
  if (auto v = parse_fixed(text, decimals)) {
    out = *v;
    return true;
  }
  return c.fail(std::string(what) + ": " + quoted(text) +
                " is not a decimal with at most " + std::to_string(decimals) +
                " decimals");
}

bool to_nearest(std::string_view text, int decimals, int64_t& out, context& c,
                std::string_view what) {
  if (auto v = parse_scaled_nearest(text, decimals)) {
    out = *v;
    return true;
  }
  return c.fail(std::string(what) + ": " + quoted(text) +
                " is not a number in range");
}

bool to_decimal(std::string_view text, decimal_value& out, context& c,
                std::string_view what) {
  if (auto v = parse_decimal(text)) {
    out = *v;
    return true;
  }
  return c.fail(std::string(what) + ": " + quoted(text) +
                " is not a decimal in range");
}

bool to_usdc(std::string_view text, usdc_amount& out, context& c,
             std::string_view what) {
  int64_t v = 0;
  if (!to_nearest(text, usdc_decimals, v, c, what)) return false;
  out = usdc_amount{v};
  return true;
}

bool int_key(std::string_view key, int& out) {
  int64_t v = 0;
  if (!parse_int_text(key, v) || v < 0 || v > std::numeric_limits<int>::max())
    return false;
  out = static_cast<int>(v);
  return true;
}

bool at_end(od::document& doc) {
  const char* where = nullptr;
  return doc.current_location().get(where) != simdjson::SUCCESS;
}

bool top_object(od::document& doc, od::object& obj, context& c) {
  if (auto e = doc.get_object().get(obj))
    return e == simdjson::INCORRECT_TYPE ? c.fail("expected a JSON object")
                                         : c.json(e);
  return true;
}

} // namespace trailgrid::lighter::detail
