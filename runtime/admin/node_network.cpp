#include "runtime/admin/node_network.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/io/middleman.hpp"
#include "caf/openssl/manager.hpp"
#include "caf/openssl/publish.hpp"

#include <charconv>
#include <optional>

#include <sys/stat.h>
#include <unistd.h>

namespace trailgrid::runtime {

std::string check_tls_files(const tls_files& tls) {
  for (auto* f : {&tls.cert, &tls.key, &tls.ca}) {
    if (::access(f->c_str(), R_OK) != 0)
      return "cannot read TLS file " + *f +
             " (tools/make-certs creates the CA and node certificates)";
  }
  struct stat st {};
  if (::stat(tls.key.c_str(), &st) == 0 &&
      (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return "TLS key " + tls.key +
           " is accessible by group or others; run: chmod 600 " + tls.key;
  return {};
}

void configure_network(caf::actor_system_config& cfg, const tls_files& tls) {
  cfg.load<caf::io::middleman>();
  if (tls.enabled()) {
    cfg.load<caf::openssl::manager>();
    cfg.openssl_certificate = tls.cert;
    cfg.openssl_key = tls.key;
    cfg.openssl_cafile = tls.ca;
  }
}

namespace {

template <class Handle>
expected<uint16_t, std::string> publish_typed(const Handle& whom, uint16_t port,
                                              const std::string& bind,
                                              bool tls) {
  auto& sys = whom.home_system();
  auto res = tls ? caf::openssl::publish(whom, port, bind.c_str(), true)
                 : sys.middleman().publish(whom, port, bind.c_str(), true);
  if (!res)
    return "cannot listen on " + bind + ":" + std::to_string(port) + ": " +
           sys.render(res.error());
  return *res;
}

} // namespace

expected<uint16_t, std::string> publish_actor(const messages::admin_actor& whom,
                                              uint16_t port,
                                              const std::string& bind,
                                              bool tls) {
  return publish_typed(whom, port, bind, tls);
}

expected<uint16_t, std::string>
publish_actor(const messages::signer_gate_actor& whom, uint16_t port,
              const std::string& bind, bool tls) {
  return publish_typed(whom, port, bind, tls);
}

std::optional<std::pair<std::string, uint16_t>>
parse_host_port(const std::string& text) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() ||
        text[close + 1] != ':')
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto res = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || res.ec != std::errc{} ||
      res.ptr != port.data() + port.size() || value == 0 || value > 65535)
    return std::nullopt;
  return std::make_pair(host, static_cast<uint16_t>(value));
}

} // namespace trailgrid::runtime
