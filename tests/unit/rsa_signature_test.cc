// RS256 (crypto/rsa_signature.h), checked by someone else's verifier: a key made by the openssl
// command, our signature verified by `openssl dgst -sha256 -verify`; PKCS#1 v1.5 is deterministic,
// so the same data signs the same; a JWT's parts are base64url without padding; keys that are not
// RSA keys of at least 2048 bits are refused naming the field, never quoting the key.
#include "crypto/rsa_signature.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.h"

namespace bb::crypto {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

int Shell(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

std::string Base64UrlDecode(std::string text) {
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text += '=';
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int value = 0, bits = -8;
  for (char c : text) {
    if (c == '=') break;
    value = (value << 6) + static_cast<int>(kAlphabet.find(c));
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((value >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

class Rs256 : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = dir_.path().string() + "/key.pem";
    public_ = dir_.path().string() + "/public.pem";
    ASSERT_EQ(Shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + key_), 0);
    ASSERT_EQ(Shell("openssl pkey -in " + key_ + " -pubout -out " + public_), 0);
  }
  // Whether `openssl dgst` accepts `signature` of `data` under the public key.
  bool OpensslVerifies(const std::string& data, const std::string& signature) {
    WriteFile(dir_.path().string() + "/data", data);
    WriteFile(dir_.path().string() + "/signature", signature);
    return Shell("openssl dgst -sha256 -verify " + public_ + " -signature " + dir_.path().string() + "/signature " +
                 dir_.path().string() + "/data") == 0;
  }

  testing::TempDir dir_;
  std::string key_;
  std::string public_;
};

TEST_F(Rs256, OpensslVerifiesOurSignatureAndNothingElse) {
  std::string data("header.claims with \0 and bytes \xff", 32);
  auto signature = SignRs256(ReadFile(key_), data);
  ASSERT_TRUE(signature.ok()) << signature.error().message();
  EXPECT_EQ(signature->size(), 256u);
  EXPECT_TRUE(OpensslVerifies(data, *signature));
  EXPECT_FALSE(OpensslVerifies(data + ".", *signature)) << "the check can fail";
  auto again = SignRs256(ReadFile(key_), data);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *signature) << "PKCS#1 v1.5 is deterministic";
}

TEST_F(Rs256, AJwtIsThreeBase64UrlPartsSignedOverTheFirstTwo) {
  auto jwt = SignJwtRs256(ReadFile(key_), R"({"iss":"3MVG9","sub":"bb@acme.example","aud":"https://x","exp":1})");
  ASSERT_TRUE(jwt.ok()) << jwt.error().message();
  std::size_t first = jwt->find('.');
  std::size_t second = jwt->find('.', first + 1);
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(jwt->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
            std::string::npos);
  EXPECT_EQ(Base64UrlDecode(jwt->substr(0, first)), R"({"alg":"RS256"})");
  EXPECT_EQ(Base64UrlDecode(jwt->substr(first + 1, second - first - 1)),
            R"({"iss":"3MVG9","sub":"bb@acme.example","aud":"https://x","exp":1})");
  EXPECT_TRUE(OpensslVerifies(jwt->substr(0, second), Base64UrlDecode(jwt->substr(second + 1))));
}

TEST_F(Rs256, KeysThatAreNotStrongRsaKeysAreRefusedWithoutQuotingThem) {
  std::string weak = dir_.path().string() + "/weak.pem";
  std::string ec = dir_.path().string() + "/ec.pem";
  ASSERT_EQ(Shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " + weak), 0);
  ASSERT_EQ(Shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + ec), 0);
  for (const std::string& pem :
       {ReadFile(weak), ReadFile(ec), std::string("-----BEGIN PRIVATE KEY-----\nnot a key\n"), std::string("")}) {
    auto signature = SignRs256(pem, "data");
    ASSERT_FALSE(signature.ok());
    ASSERT_EQ(signature.error().fields().size(), 1u);
    EXPECT_EQ(signature.error().fields()[0].field, "auth.private_key_pem");
    if (pem.size() > 40) {
      EXPECT_EQ(signature.error().fields()[0].message.find(pem.substr(28, 12)), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace bb::crypto
