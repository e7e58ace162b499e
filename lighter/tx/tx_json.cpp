#include "lighter/tx/tx_json.hpp"

#include "lighter/crypto/encoding.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <limits>
#include <set>
#include <type_traits>

namespace trailgrid::lighter {

namespace {

using nlohmann::json;

template <class T>
const char* type_name() {
  if (std::is_same_v<T, uint8_t>)
    return "uint8";
  if (std::is_same_v<T, int16_t>)
    return "int16";
  if (std::is_same_v<T, uint32_t>)
    return "uint32";
  return "int64";
}

// Reads an integer JSON value into T; nothing when it is not an integer or
// does not fit T (as Go's json.Unmarshal would refuse).
template <class T>
std::optional<std::string> read_int(const std::string& key, const json& v,
                                    T& out) {
  auto bad = [&](const std::string& what) {
    return "key " + key + ": " + what + " (expected an integer of type " +
           type_name<T>() + ", range " +
           std::to_string(std::numeric_limits<T>::min()) + ".." +
           std::to_string(std::numeric_limits<T>::max()) + ")";
  };
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<T>::max()))
      return bad(std::to_string(u) + " does not fit");
    out = static_cast<T>(u);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    int64_t i = v.get<int64_t>();
    if (i < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
        (i > 0 && static_cast<uint64_t>(i) >
                    static_cast<uint64_t>(std::numeric_limits<T>::max())))
      return bad(std::to_string(i) + " does not fit");
    out = static_cast<T>(i);
    return std::nullopt;
  }
  return bad(std::string("got ") + v.type_name() +
             (v.is_number_float() ? " " + v.dump() : ""));
}

std::optional<std::string> read_attributes(const json& v,
                                           tx_attributes& out) {
  if (v.is_null())
    return std::nullopt;
  if (!v.is_object())
    return std::string("key L2TxAttributes: expected null or an object, got ") +
           v.type_name();
  for (const auto& [k, val] : v.items()) {
    // Go decodes map[uint8]int keys with strconv.ParseUint(k, 10, 8).
    bool digits = !k.empty() && k.size() <= 3 &&
                  k.find_first_not_of("0123456789") == std::string::npos;
    unsigned long t = digits ? std::stoul(k) : 256;
    if (t > 255)
      return "key L2TxAttributes: attribute type \"" + k +
             "\" is not a decimal integer 0..255";
    int64_t value = 0;
    if (auto err = read_int<int64_t>("L2TxAttributes." + k, val, value))
      return err;
    out[static_cast<uint8_t>(t)] = value;
  }
  return std::nullopt;
}

void append_attributes(std::string& out, const tx_attributes& attrs) {
  if (attrs.empty()) {
    out += "null";
    return;
  }
  // Go sorts map keys by their string form; types 0..255 as strings.
  std::set<std::string> keys;
  for (const auto& kv : attrs)
    keys.insert(std::to_string(kv.first));
  out += '{';
  bool first = true;
  for (const auto& k : keys) {
    if (!first)
      out += ',';
    first = false;
    out += '"';
    out += k;
    out += "\":";
    out += std::to_string(attrs.at(static_cast<uint8_t>(std::stoul(k))));
  }
  out += '}';
}

} // namespace

std::string tx_info_json(const any_tx& tx,
                         const crypto::signature_bytes& sig) {
  std::string out;
  out.reserve(400);
  out += '{';
  std::visit(
    [&](const auto& t) {
      using T = std::decay_t<decltype(t)>;
      T::visit_fields(t, [&](const char* key, const auto& v) {
        out += '"';
        out += key;
        out += "\":";
        out += std::to_string(v);
        out += ',';
      });
    },
    tx);
  out += "\"Sig\":\"";
  out += crypto::to_base64(sig.data(), sig.size());
  out += "\",\"L2TxAttributes\":";
  append_attributes(out, attributes_of(tx));
  out += '}';
  return out;
}

result<parsed_tx_info> parse_tx_info(tx_type type, std::string_view text,
                                     sig_policy policy) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded())
    return failure{"invalid JSON"};
  if (!doc.is_object())
    return failure{std::string("expected a JSON object, got ") +
                   doc.type_name()};
  parsed_tx_info parsed{make_tx(type), std::nullopt};
  std::optional<std::string> err;
  std::visit(
    [&](auto& t) {
      using T = std::decay_t<decltype(t)>;
      std::set<std::string> known;
      T::visit_fields(t, [&](const char* key, auto& field) {
        known.insert(key);
        if (err)
          return;
        auto it = doc.find(key);
        if (it == doc.end()) {
          err = std::string("missing key ") + key;
          return;
        }
        err = read_int(key, *it, field);
      });
      if (err)
        return;
      for (const auto& [k, v] : doc.items()) {
        if (known.count(k) != 0)
          continue;
        if (k == "L2TxAttributes") {
          err = read_attributes(v, t.attributes);
        } else if (k == "Sig") {
          if (!v.is_string()) {
            err = "key Sig: expected a base64 string";
          } else {
            auto bytes = crypto::from_base64(v.template get<std::string>());
            if (!bytes || bytes->size() != 80) {
              err = "key Sig: expected standard base64 of 80 bytes";
            } else {
              crypto::signature_bytes sig;
              std::memcpy(sig.data(), bytes->data(), 80);
              parsed.sig = sig;
            }
          }
        } else {
          err = "unknown key " + k;
        }
        if (err)
          return;
      }
    },
    parsed.tx);
  if (err)
    return failure{*err};
  if (policy == sig_policy::required && !parsed.sig)
    return failure{"missing key Sig"};
  return parsed;
}

} // namespace trailgrid::lighter
