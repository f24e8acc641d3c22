#pragma once

#include <string>

namespace passway::admin {

// Password hashes for admin users: PBKDF2-HMAC-SHA256 with a random 16-byte
// salt, stored as one self-describing string
//
//     pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>
//
// The iteration count travels with the hash, so raising the default later
// keeps existing hashes verifiable (needsRehash() tells when to upgrade).
class PasswordHasher {
public:
    // Each login costs one derivation (about 65 ms on one server core at this
    // count): slow enough to make offline guessing expensive, fast enough for
    // a login form. Stored hashes keep their own count.
    static constexpr int kDefaultIterations = 310000;
    static constexpr int kMinIterations = 100000;

    explicit PasswordHasher(int iterations = kDefaultIterations);

    std::string hash(const std::string& password) const;
    // Constant-time comparison; false for a malformed encoded string.
    bool verify(const std::string& password, const std::string& encoded) const;
    // Spends the same time as verify() against a real hash. Login calls it for
    // unknown users so response time does not reveal which usernames exist.
    void burnVerify(const std::string& password) const;
    bool needsRehash(const std::string& encoded) const;

private:
    int iterations_;
};

} // namespace passway::admin
