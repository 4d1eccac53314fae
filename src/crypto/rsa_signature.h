#pragma once
// RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 section 3.3) signatures, from OpenSSL's libcrypto:
// what Salesforce's OAuth 2.0 JWT bearer flow requires of the assertion. Thread-safe.

#include <string>
#include <string_view>

#include "common/result.h"

namespace bb::crypto {

// The signature of `data` (raw bytes) under the RSA private key `private_key_pem` (PKCS#8
// "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY", unencrypted). kInvalidArgument on field
// "auth.private_key_pem" when the key cannot be read or is not an RSA key of at least 2048 bits.
// The message never quotes the key.
Result<std::string> SignRs256(std::string_view private_key_pem, std::string_view data);

// A compact JWS (header.claims.signature, base64url) of the JSON `claims_json` with header
// {"alg":"RS256"}, signed with SignRs256.
Result<std::string> SignJwtRs256(std::string_view private_key_pem, std::string_view claims_json);

}  // namespace bb::crypto
