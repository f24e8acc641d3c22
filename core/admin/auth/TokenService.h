#pragma once

#include "model/AdminUser.h"

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/JWT/Signer.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway {
class Store;
}

namespace passway::admin {

// Bearer tokens for the admin API: JWT signed with HS256, claims sub (user
// id), role, pwd and exp. The signing key is 32 random bytes kept in the store's
// key-value table under `auth.jwt_secret`, created once (setIfAbsent, so two
// hosts starting together agree), which lets tokens survive a restart.
//
// A signature alone is not trusted: authenticate() reloads the user, so a
// deleted or disabled user is locked out at once, and the role that counts is
// the stored one, never the one inside an old token. A password change ends
// every earlier session of that user (claim `pwd`, a digest of the hash).
class TokenService {
public:
    static constexpr const char* kSecretKey = "auth.jwt_secret";

    struct Issued {
        std::string token;
        std::int64_t expiresAt = 0;  // unix milliseconds
    };

    TokenService(Store& store, int ttlSeconds);

    Issued issue(const AdminUser& user) const;
    // The current, enabled user a token belongs to; nullopt for anything
    // malformed, forged, expired, or of a user who is gone or disabled.
    std::optional<AdminUser> authenticate(const std::string& token) const;
    int ttlSeconds() const { return ttlSeconds_; }

private:
    // Poco's JWT code initializes and releases OpenSSL per call through a
    // reference count; holding one reference for the service's life keeps
    // concurrent verifications from racing on set-up and tear-down.
    Poco::Crypto::OpenSSLInitializer openssl_;
    Store& store_;
    int ttlSeconds_;
    std::string key_;           // the HMAC key (the stored secret's text)
    Poco::JWT::Signer signer_;  // signs; verification is TokenSignature's (constant time, HS256 only)
};

} // namespace passway::admin
