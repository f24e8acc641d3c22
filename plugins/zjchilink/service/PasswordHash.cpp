#include "service/PasswordHash.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <sstream>
#include <stdexcept>

namespace passway::zjchilink {

namespace {

constexpr int kIterations = 310000;
constexpr int kMaxIterations = 10000000;

std::string base64(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << raw;
    encoder.close();
    return out.str();
}

std::string unbase64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}

std::string randomBytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("no random bytes");
    }
    return out;
}

std::string derive(const std::string& password, const std::string& salt, int iterations, std::size_t length) {
    std::string out(length, '\0');
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                          iterations, EVP_sha256(), static_cast<int>(length),
                          reinterpret_cast<unsigned char*>(out.data())) != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return out;
}

std::string hex(const std::string& raw) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace

std::string hashPassword(const std::string& password) {
    const std::string salt = randomBytes(16);
    return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + base64(salt) + "$" +
           base64(derive(password, salt, kIterations, 32));
}

bool verifyPassword(const std::string& password, const std::string& encoded) {
    try {
        Poco::StringTokenizer parts(encoded, "$");
        int iterations = 0;
        if (parts.count() != 4 || parts[0] != "pbkdf2-sha256") return false;
        if (!Poco::NumberParser::tryParse(parts[1], iterations) || iterations < 1 || iterations > kMaxIterations) {
            return false;
        }
        const std::string salt = unbase64(parts[2]), expected = unbase64(parts[3]);
        if (salt.empty() || expected.size() < 16) return false;
        const std::string actual = derive(password, salt, iterations, expected.size());
        return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
    } catch (const std::exception&) {
        return false;
    }
}

std::string randomHex(std::size_t bytes) { return hex(randomBytes(bytes)); }

std::string sha256Hex(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return hex(std::string(reinterpret_cast<char*>(digest), sizeof digest));
}

}  // namespace passway::zjchilink
