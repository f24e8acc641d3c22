#pragma once

#include <string>

namespace passway::admin {

// Checks the HS256 signature of a compact JWT ("header.payload.signature")
// in constant time: the expected signature is computed and compared with
// CRYPTO_memcmp, so the time a forged token takes says nothing about how
// many of its leading signature bytes were right (Poco's verifier compares
// with ==, which stops at the first difference). Only the canonical
// base64url form without padding is accepted.
class TokenSignature {
public:
    static bool matches(const std::string& key, const std::string& token);
    // base64url(HMAC-SHA256(key, input)) without padding.
    static std::string hs256(const std::string& key, const std::string& input);
};

} // namespace passway::admin
