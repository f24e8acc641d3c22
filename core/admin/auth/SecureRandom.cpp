#include "admin/auth/SecureRandom.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace passway::admin {

std::string SecureRandom::bytes(std::size_t count) {
    std::string out(count, '\0');
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
        throw std::runtime_error("the system random generator failed");
    }
    return out;
}

std::string SecureRandom::text(std::size_t length, const std::string& alphabet) {
    if (alphabet.empty() || alphabet.size() > 256) throw std::invalid_argument("alphabet must have 1..256 characters");
    // Accept only bytes below the largest multiple of the alphabet size, so
    // the modulo does not favour the first characters.
    const unsigned limit = 256 - (256 % alphabet.size());
    std::string out;
    out.reserve(length);
    while (out.size() < length) {
        for (unsigned char b : bytes(length * 2)) {
            if (b >= limit) continue;
            out.push_back(alphabet[b % alphabet.size()]);
            if (out.size() == length) break;
        }
    }
    return out;
}

std::string SecureRandom::hex(std::size_t byteCount) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(byteCount * 2);
    for (unsigned char b : bytes(byteCount)) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

} // namespace passway::admin
