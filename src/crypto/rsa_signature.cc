#include "crypto/rsa_signature.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "crypto/crypto.h"

namespace bb::crypto {

namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct DigestDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

Error BadKey(std::string message) { return Error::InvalidField("auth.private_key_pem", std::move(message)); }

}  // namespace

Result<std::string> SignRs256(std::string_view private_key_pem, std::string_view data) {
  std::unique_ptr<BIO, BioDeleter> bio(
      BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())));
  if (bio == nullptr) return Error::Internal("out of memory");
  // An empty passphrase callback: an encrypted key fails instead of prompting on the terminal.
  auto no_passphrase = [](char*, int, int, void*) { return 0; };
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (key == nullptr) return BadKey("cannot be read as an unencrypted PEM private key");
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return BadKey("must be an RSA key (RS256)");
  if (EVP_PKEY_get_bits(key.get()) < 2048) return BadKey("must be an RSA key of at least 2048 bits");
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> context(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (context == nullptr || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    return Error::Internal("RSA signing failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return Error::Internal("RSA signing failed");
  }
  signature.resize(length);
  return signature;
}

Result<std::string> SignJwtRs256(std::string_view private_key_pem, std::string_view claims_json) {
  std::string signing_input = Base64UrlEncode(R"({"alg":"RS256"})") + "." + Base64UrlEncode(claims_json);
  BB_ASSIGN_OR_RETURN(std::string signature, SignRs256(private_key_pem, signing_input));
  return signing_input + "." + Base64UrlEncode(signature);
}

}  // namespace bb::crypto
