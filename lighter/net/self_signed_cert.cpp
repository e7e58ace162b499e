#include "lighter/net/self_signed_cert.hpp"

#include "lighter/net/url.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

#include <cstdio>
#include <functional>
#include <memory>

namespace trailgrid::lighter::net {

namespace {

template <auto Free>
struct openssl_deleter {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_deleter<EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, openssl_deleter<X509_free>>;
using bio_ptr = std::unique_ptr<BIO, openssl_deleter<BIO_free_all>>;
using bn_ptr = std::unique_ptr<BIGNUM, openssl_deleter<BN_free>>;
using ext_ptr =
    std::unique_ptr<X509_EXTENSION, openssl_deleter<X509_EXTENSION_free>>;

/// The failed step plus OpenSSL's queued error text.
net_error openssl_failure(const std::string& step) {
  std::string text = "certificate generation: " + step + " failed";
  if (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    text += std::string(": ") + buf;
  }
  ERR_clear_error();
  return {net_errc::tls, text};
}

pkey_ptr make_key(cert_key_type type) {
  if (type == cert_key_type::rsa_2048)
    return pkey_ptr(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
  return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

bool add_extension(X509* cert, X509V3_CTX* ctx, int nid,
                   const std::string& value) {
  ext_ptr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

std::optional<std::string> to_pem(const std::function<int(BIO*)>& write) {
  bio_ptr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return std::nullopt;
  BUF_MEM* mem = nullptr;
  BIO_get_mem_ptr(bio.get(), &mem);
  return std::string(mem->data, mem->length);
}

std::optional<net_error> write_file(const std::string& path,
                                    const std::string& text, mode_t mode) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"),
                                          &std::fclose);
  if (!f)
    return net_error{net_errc::invalid_argument,
                     "cannot open '" + path + "' for writing"};
  ::fchmod(fileno(f.get()), mode);
  if (std::fwrite(text.data(), 1, text.size(), f.get()) != text.size())
    return net_error{net_errc::io, "cannot write '" + path + "'"};
  if (std::fclose(f.release()) != 0)
    return net_error{net_errc::io, "cannot close '" + path + "'"};
  return std::nullopt;
}

} // namespace

result<pem_pair> make_self_signed_cert(const cert_request& request) {
  std::string san;
  for (const auto& dns : request.dns_names) {
    if (dns.empty() || dns.find_first_of(",: ") != std::string::npos)
      return net_error{net_errc::invalid_argument,
                       "bad DNS name for a certificate: '" + dns + "'"};
    san += (san.empty() ? "DNS:" : ",DNS:") + dns;
  }
  for (const auto& ip : request.ip_addresses) {
    if (!is_ip_literal(ip))
      return net_error{net_errc::invalid_argument,
                       "bad IP address for a certificate: '" + ip + "'"};
    san += (san.empty() ? "IP:" : ",IP:") + ip;
  }
  if (request.valid_days <= 0)
    return net_error{net_errc::invalid_argument,
                     "certificate validity must be at least one day"};

  pkey_ptr key = make_key(request.key_type);
  if (!key) return openssl_failure("key generation");
  x509_ptr cert(X509_new());
  bn_ptr serial(BN_new());
  if (!cert || !serial || X509_set_version(cert.get(), 2) != 1 ||
      BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
    return openssl_failure("certificate setup");
  // Valid from an hour ago, so small clock differences do not matter.
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * request.valid_days);
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_set_pubkey(cert.get(), key.get()) != 1 ||
      X509_NAME_add_entry_by_txt(
          name, "CN", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(request.common_name.c_str()),
          -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1)
    return openssl_failure("certificate name");

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  std::string usage = request.key_type == cert_key_type::rsa_2048
                          ? "critical,digitalSignature,keyEncipherment,"
                            "keyCertSign"
                          : "critical,digitalSignature,keyCertSign";
  if (!add_extension(cert.get(), &ctx, NID_basic_constraints,
                     "critical,CA:TRUE") ||
      !add_extension(cert.get(), &ctx, NID_key_usage, usage) ||
      !add_extension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth") ||
      !add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash") ||
      (!san.empty() &&
       !add_extension(cert.get(), &ctx, NID_subject_alt_name, san)))
    return openssl_failure("certificate extensions");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
    return openssl_failure("certificate signing");

  auto cert_pem =
      to_pem([&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
  auto key_pem = to_pem([&](BIO* b) {
    return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr,
                                    nullptr);
  });
  if (!cert_pem || !key_pem) return openssl_failure("PEM encoding");
  return pem_pair{std::move(*cert_pem), std::move(*key_pem)};
}

std::optional<net_error> write_pem_files(const pem_pair& pems,
                                         const std::string& cert_path,
                                         const std::string& key_path) {
  if (auto err = write_file(cert_path, pems.cert_pem, 0644)) return err;
  return write_file(key_path, pems.key_pem, 0600);
}

} // namespace trailgrid::lighter::net
