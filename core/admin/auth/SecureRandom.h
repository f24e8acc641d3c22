#pragma once

#include <cstddef>
#include <string>

namespace passway::admin {

// Cryptographically strong randomness (OpenSSL's CSPRNG) for salts, signing
// keys and generated passwords. Throws std::runtime_error if the generator
// cannot deliver, rather than ever falling back to something predictable.
class SecureRandom {
public:
    static std::string bytes(std::size_t count);
    // `length` characters drawn uniformly from `alphabet` (rejection sampling,
    // so no character is more likely than another).
    static std::string text(std::size_t length, const std::string& alphabet);
    static std::string hex(std::size_t byteCount);
};

} // namespace passway::admin
