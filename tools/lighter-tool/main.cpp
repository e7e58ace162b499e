// lighter-tool: a stable command line over the Lighter signer (keys, tx
// hashing and signing, signature checks, auth tokens). The private key comes
// from $LIGHTER_PRIVATE_KEY or --private-key-file, never from an argument,
// and is never printed. Exit codes: 0 ok, 1 "invalid" (verify), 2 bad input.

#include "lighter/crypto/encoding.hpp"
#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/signer.hpp"
#include "lighter/tx/tx_hash.hpp"
#include "lighter/tx/tx_json.hpp"
#include "lighter/tx/tx_validate.hpp"

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace trailgrid::lighter;

namespace {

constexpr const char* usage_text =
    R"(lighter-tool: Lighter (zkLighter) keys, transaction signing and checks.

usage: lighter-tool <command> [options]

commands:
  pubkey
      Print the public key of the private key (80 lowercase hex).
  hash-tx --chain-id N --tx-type T
      Read one unsigned tx per line on stdin (a JSON object with the keys of
      the exchange's tx_info; `L2TxAttributes` optional; a `Sig` key is
      ignored) and print the signed message hash (80 hex) per line.
      Blank lines are skipped.
  sign-tx --chain-id N --tx-type T [--nonce-k HEX]
      Same input; print one signed tx_info JSON per line. Without --nonce-k
      the nonce is derived deterministically from the key and the hash;
      --nonce-k (40-byte little-endian hex) reproduces reference signatures.
  verify --public-key HEX --hash HEX --signature HEX
      Print "valid" (exit 0) or "invalid" (exit 1). Non-canonical s or e
      (>= the group order), a key that does not decode, a non-canonical hash
      or any tampered value is invalid.
  auth-token --account N --api-key N --deadline UNIX_S [--nonce-k HEX]
      Print the auth token "<deadline>:<account>:<api_key>:<signature hex>".

options:
  --private-key-file PATH  read the private key (hex, 0x optional) from PATH;
                           otherwise $LIGHTER_PRIVATE_KEY is used. Needed by
                           pubkey, sign-tx and auth-token.
  --chain-id N             304 mainnet, 300 testnet (uint32).
  --tx-type T              14 CreateOrder, 15 CancelOrder, 16 CancelAllOrders,
                           17 ModifyOrder.
  -h, --help               Show this text.

exit status: 0 success, 1 verify found the signature invalid, 2 bad input
(bad hex, wrong length, out-of-range field, unknown or missing JSON key,
missing option); the error is one line on stderr.
)";

// A bad-input error: reported on stderr, exit status 2.
struct input_error {
  std::string message;
};

[[noreturn]] void fail(const std::string& msg) {
  throw input_error{msg};
}

using options = std::map<std::string, std::string>;

options parse_options(int argc, char** argv, int first,
                      const std::set<std::string>& allowed) {
  options out;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) fail("unexpected argument '" + a + "'");
    std::string name = a.substr(2), value;
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else {
      if (i + 1 >= argc) fail("option --" + name + " needs a value");
      value = argv[++i];
    }
    if (allowed.count(name) == 0) fail("unknown option --" + name);
    if (out.count(name) != 0) fail("option --" + name + " given twice");
    out[name] = value;
  }
  return out;
}

const std::string& required(const options& o, const std::string& name) {
  auto i = o.find(name);
  if (i == o.end()) fail("missing option --" + name);
  return i->second;
}

int64_t parse_int(const std::string& name, const std::string& text, int64_t lo,
                  int64_t hi) {
  if (text.empty() ||
      text.find_first_not_of("-0123456789") != std::string::npos)
    fail("--" + name + " '" + text + "' is not an integer");
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi)
    fail("--" + name + " " + text + " is out of range (allowed " +
         std::to_string(lo) + ".." + std::to_string(hi) + ")");
  return v;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, e - b + 1);
}

// Loads the key from --private-key-file or $LIGHTER_PRIVATE_KEY. Messages
// never contain the key material.
signer load_signer(const options& o) {
  std::string hex;
  std::string source;
  if (auto f = o.find("private-key-file"); f != o.end()) {
    source = "private key file " + f->second;
    std::ifstream in(f->second);
    if (!in) fail("cannot read " + source);
    hex.assign(std::istreambuf_iterator<char>(in), {});
  } else if (const char* env = std::getenv("LIGHTER_PRIVATE_KEY")) {
    source = "LIGHTER_PRIVATE_KEY";
    hex = env;
  } else {
    fail("no private key: set LIGHTER_PRIVATE_KEY or pass --private-key-file");
  }
  std::string key = trim(hex);
  OPENSSL_cleanse(hex.data(), hex.size());
  auto s = signer::from_private_key_hex(key);
  OPENSSL_cleanse(key.data(), key.size());
  if (!s) fail(source + ": " + s.error().message);
  return std::move(*s);
}

std::optional<trailgrid::lighter::crypto::scalar>
nonce_option(const options& o) {
  auto i = o.find("nonce-k");
  if (i == o.end()) return std::nullopt;
  auto b = crypto::from_hex(i->second);
  if (!b) fail("--nonce-k is not valid hex");
  if (b->size() != 40)
    fail("--nonce-k must be 40 bytes (80 hex digits), got " +
         std::to_string(b->size()) + " bytes");
  auto k = crypto::scalar::from_bytes_reduce(b->data());
  if (k.is_zero()) fail("--nonce-k is zero modulo the group order");
  return k;
}

std::vector<uint8_t> hex_option(const options& o, const std::string& name,
                                size_t bytes) {
  auto b = crypto::from_hex(required(o, name));
  if (!b) fail("--" + name + " is not valid hex");
  if (b->size() != bytes)
    fail("--" + name + " must be " + std::to_string(bytes) + " bytes (" +
         std::to_string(2 * bytes) + " hex digits), got " +
         std::to_string(b->size()) + " bytes");
  return *b;
}

tx_type tx_type_option(const options& o) {
  tx_type t;
  int64_t id = parse_int("tx-type", required(o, "tx-type"), 0, 255);
  if (!to_tx_type(id, t))
    fail("--tx-type " + std::to_string(id) +
         " is not supported (allowed 14, 15, 16, 17)");
  return t;
}

uint32_t chain_option(const options& o) {
  return static_cast<uint32_t>(
      parse_int("chain-id", required(o, "chain-id"), 0, 0xFFFFFFFFLL));
}

void print_line(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

// Reads unsigned txs line by line and calls f(tx) for each valid one.
template <class F>
void for_each_input_tx(tx_type type, F&& f) {
  std::string line;
  size_t line_no = 0;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    auto parsed = parse_tx_info(type, line, sig_policy::optional);
    if (!parsed)
      fail("line " + std::to_string(line_no) + ": " + parsed.error().message);
    if (auto err = validate(parsed->tx))
      fail("line " + std::to_string(line_no) + ": " + *err);
    f(parsed->tx, line_no);
  }
}

int cmd_pubkey(const options& o) {
  print_line(load_signer(o).public_key());
  return 0;
}

int cmd_hash_tx(const options& o) {
  uint32_t chain = chain_option(o);
  tx_type type = tx_type_option(o);
  for_each_input_tx(type, [&](const any_tx& tx, size_t) {
    print_line(crypto::fp5_to_hex(tx_signed_hash(tx, chain)));
  });
  return 0;
}

int cmd_sign_tx(const options& o) {
  uint32_t chain = chain_option(o);
  tx_type type = tx_type_option(o);
  auto k = nonce_option(o);
  signer s = load_signer(o);
  for_each_input_tx(type, [&](const any_tx& tx, size_t line_no) {
    auto r = k ? s.sign_tx_with_nonce(tx, chain, *k) : s.sign_tx(tx, chain);
    if (!r) fail("line " + std::to_string(line_no) + ": " + r.error().message);
    print_line(r->tx_info_json);
  });
  return 0;
}

int cmd_verify(const options& o) {
  auto pk = hex_option(o, "public-key", 40);
  auto hash = hex_option(o, "hash", 40);
  auto sig = hex_option(o, "signature", 80);
  bool ok = crypto::schnorr_verify(pk.data(), hash.data(), sig.data(),
                                   crypto::scalar_check::strict);
  print_line(ok ? "valid" : "invalid");
  return ok ? 0 : 1;
}

int cmd_auth_token(const options& o) {
  int64_t account = parse_int("account", required(o, "account"),
                              std::numeric_limits<int64_t>::min(),
                              std::numeric_limits<int64_t>::max());
  auto api_key = static_cast<uint8_t>(
      parse_int("api-key", required(o, "api-key"), 0, 255));
  int64_t deadline = parse_int("deadline", required(o, "deadline"), 0,
                               std::numeric_limits<int64_t>::max());
  auto k = nonce_option(o);
  signer s = load_signer(o);
  auto tok = k ? s.auth_token_with_nonce(account, api_key, deadline, *k)
               : s.auth_token(account, api_key, deadline);
  if (!tok) fail(tok.error().message);
  print_line(*tok);
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) fail("missing command (see --help)");
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::fputs(usage_text, stdout);
    return 0;
  }
  for (int i = 2; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::fputs(usage_text, stdout);
      return 0;
    }
  const std::set<std::string> key_opt = {"private-key-file"};
  if (cmd == "pubkey") return cmd_pubkey(parse_options(argc, argv, 2, key_opt));
  if (cmd == "hash-tx")
    return cmd_hash_tx(parse_options(argc, argv, 2, {"chain-id", "tx-type"}));
  if (cmd == "sign-tx")
    return cmd_sign_tx(parse_options(
        argc, argv, 2, {"chain-id", "tx-type", "nonce-k", "private-key-file"}));
  if (cmd == "verify")
    return cmd_verify(
        parse_options(argc, argv, 2, {"public-key", "hash", "signature"}));
  if (cmd == "auth-token")
    return cmd_auth_token(parse_options(
        argc, argv, 2,
        {"account", "api-key", "deadline", "nonce-k", "private-key-file"}));
  fail("unknown command '" + cmd + "' (see --help)");
}

} // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return run(argc, argv);
  } catch (const input_error& e) {
    std::fprintf(stderr, "lighter-tool: error: %s\n", e.message.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lighter-tool: error: %s\n", e.what());
    return 2;
  }
}
