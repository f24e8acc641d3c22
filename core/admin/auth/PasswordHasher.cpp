#include "admin/auth/PasswordHasher.h"

#include "admin/auth/SecureRandom.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <sstream>
#include <stdexcept>

namespace passway::admin {

namespace {

constexpr const char* kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// A stored string is trusted input, but an absurd count would turn every
// login into a denial of service; refuse it instead.
constexpr int kMaxIterations = 10000000;

std::string base64(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << raw;
    encoder.close();
    return out.str();
}

bool unbase64(const std::string& text, std::string& raw) {
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        raw.assign(std::istreambuf_iterator<char>(decoder), {});
        return true;
    } catch (...) {
        return false;
    }
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

struct Parsed {
    int iterations = 0;
    std::string salt;
    std::string hash;
};

bool parse(const std::string& encoded, Parsed& parsed) {
    Poco::StringTokenizer parts(encoded, "$");
    if (parts.count() != 4 || parts[0] != kScheme) return false;
    if (!Poco::NumberParser::tryParse(parts[1], parsed.iterations)) return false;
    if (parsed.iterations < 1 || parsed.iterations > kMaxIterations) return false;
    if (!unbase64(parts[2], parsed.salt) || !unbase64(parts[3], parsed.hash)) return false;
    return !parsed.salt.empty() && parsed.hash.size() >= 16;
}

} // namespace

PasswordHasher::PasswordHasher(int iterations) : iterations_(iterations) {
    if (iterations < kMinIterations) throw std::invalid_argument("PBKDF2 needs at least 100000 iterations");
}

std::string PasswordHasher::hash(const std::string& password) const {
    const std::string salt = SecureRandom::bytes(kSaltBytes);
    const std::string derived = derive(password, salt, iterations_, kHashBytes);
    return std::string(kScheme) + "$" + std::to_string(iterations_) + "$" + base64(salt) + "$" + base64(derived);
}

bool PasswordHasher::verify(const std::string& password, const std::string& encoded) const {
    Parsed parsed;
    if (!parse(encoded, parsed)) return false;
    const std::string derived = derive(password, parsed.salt, parsed.iterations, parsed.hash.size());
    return CRYPTO_memcmp(derived.data(), parsed.hash.data(), derived.size()) == 0;
}

void PasswordHasher::burnVerify(const std::string& password) const {
    derive(password, std::string(kSaltBytes, 'x'), iterations_, kHashBytes);
}

bool PasswordHasher::needsRehash(const std::string& encoded) const {
    Parsed parsed;
    return !parse(encoded, parsed) || parsed.iterations < iterations_;
}

} // namespace passway::admin
