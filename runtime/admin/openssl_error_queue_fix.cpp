// Works around a CAF 0.17.6 caf::openssl bug seen with OpenSSL 3: when one
// TLS peer goes away uncleanly, the failing SSL call leaves an entry on the
// multiplexer thread's OpenSSL error queue, and CAF drains that queue only
// in log statements (compiled out in Debian's build). The next SSL_read of
// ANY other session on that thread then sees the stale entry through
// SSL_get_error, reports failure and CAF drops that connection too. So a
// gridctl that exits, or a market node that restarts, cut every other TLS
// link of the node (e.g. the market node's link to the signer node).
//
// This object interposes SSL_get_error (an executable's definition wins
// over libssl's for the calls from libcaf_openssl.so): after an error
// result it clears the thread's error queue, but only when the caller is
// libcaf_openssl, so Asio/Beast (which read the queue right after
// SSL_get_error) see OpenSSL's behaviour unchanged. Link it (an OBJECT
// library) into every executable that loads caf::openssl.

#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstring>

namespace {

using get_error_fn = int (*)(const SSL*, int);

get_error_fn real_get_error() {
  static auto fn =
      reinterpret_cast<get_error_fn>(::dlsym(RTLD_NEXT, "SSL_get_error"));
  return fn;
}

bool called_from_caf(void* return_address) {
  Dl_info info{};
  return ::dladdr(return_address, &info) != 0 && info.dli_fname != nullptr &&
         std::strstr(info.dli_fname, "libcaf_openssl") != nullptr;
}

} // namespace

extern "C" int SSL_get_error(const SSL* s, int ret) {
  int result = real_get_error()(s, ret);
  if (result != SSL_ERROR_NONE && result != SSL_ERROR_WANT_READ &&
      result != SSL_ERROR_WANT_WRITE &&
      called_from_caf(__builtin_return_address(0)))
    ERR_clear_error();
  return result;
}
