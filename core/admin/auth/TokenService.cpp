#include "admin/auth/TokenService.h"

#include "admin/auth/SecureRandom.h"
#include "admin/auth/TokenSignature.h"
#include "store/BlobStore.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <Poco/JWT/Token.h>
#include <Poco/NumberParser.h>

namespace passway::admin {

namespace {

std::string loadOrCreateSecret(Store& store) {
    // Hex so the key-value value stays printable text in any store backend.
    return store.kv().setIfAbsent(TokenService::kSecretKey, SecureRandom::hex(32));
}

// Binds a token to the password it was obtained with: changing a password
// logs out every session of that user. A digest of the (salted) hash reveals
// nothing usable about the password.
std::string passwordStamp(const AdminUser& user) {
    return BlobStore::sha256Hex(user.passwordHash).substr(0, 16);
}

} // namespace

TokenService::TokenService(Store& store, int ttlSeconds)
    : store_(store), ttlSeconds_(ttlSeconds), key_(loadOrCreateSecret(store)), signer_(key_) {}

TokenService::Issued TokenService::issue(const AdminUser& user) const {
    const std::int64_t now = nowMillis();
    Issued issued;
    issued.expiresAt = now + static_cast<std::int64_t>(ttlSeconds_) * 1000;

    Poco::JWT::Token token;
    token.setType("JWT");
    token.setSubject(std::to_string(user.id));
    token.payload().set("role", user.role);
    token.payload().set("pwd", passwordStamp(user));
    token.setIssuedAt(Poco::Timestamp(now * 1000));
    token.setExpiration(Poco::Timestamp(issued.expiresAt * 1000));
    issued.token = signer_.sign(token, Poco::JWT::Signer::ALGO_HS256);
    return issued;
}

std::optional<AdminUser> TokenService::authenticate(const std::string& text) const {
    if (text.empty() || text.size() > 4096) return std::nullopt;
    // The signature first, in constant time; only a token this host signed
    // is parsed at all. The algorithm named inside must be the one we sign
    // with ("none" or another algorithm is refused even with a valid MAC).
    if (!TokenSignature::matches(key_, text)) return std::nullopt;
    Poco::JWT::Token token;
    try {
        token = Poco::JWT::Token(text);
    } catch (...) {
        return std::nullopt;  // malformed base64 or JSON inside a token
    }
    if (token.getAlgorithm() != Poco::JWT::Signer::ALGO_HS256) return std::nullopt;
    // Poco verifies the signature only; expiry is ours to check. A token
    // without exp is treated as expired rather than eternal.
    const Poco::Timestamp expires = token.getExpiration();
    if (expires.epochMicroseconds() / 1000 <= nowMillis()) return std::nullopt;

    std::int64_t id = 0;
    if (!Poco::NumberParser::tryParse64(token.getSubject(), id)) return std::nullopt;
    auto user = store_.users().find(id);
    if (!user || user->disabled) return std::nullopt;
    if (token.payload().optValue<std::string>("pwd", "") != passwordStamp(*user)) return std::nullopt;
    return user;
}

} // namespace passway::admin
