#pragma once

#include <string>

namespace passway::zjchilink {

// App users' password hashes, the same scheme as Passway's admin passwords
// (PBKDF2-HMAC-SHA256, random 16-byte salt, 310000 iterations):
//     pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>
// so an operator reading the store sees one format. Plugins cannot reach the
// host's hasher, hence this small twin over OpenSSL.
std::string hashPassword(const std::string& password);
bool verifyPassword(const std::string& password, const std::string& encoded);  // constant time

// `bytes` random bytes as lowercase hex (tokens, codes).
std::string randomHex(std::size_t bytes);
std::string sha256Hex(const std::string& text);

}  // namespace passway::zjchilink
