#include "wire/Digest.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/MD5Engine.h>
#include <Poco/String.h>

#include <sstream>

namespace passway::httpv2 {

std::string md5Upper(std::string_view bytes) {
    Poco::MD5Engine md5;
    md5.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::toUpper(Poco::DigestEngine::digestToHex(md5.digest()));
}

std::string base64Encode(std::string_view bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

bool base64Decode(std::string_view text, std::string& out) {
    if (text.empty()) return false;
    for (const char c : text) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
                        c == '\r' || c == '\n' || c == '-' || c == '_';
        if (!ok) return false;
    }
    try {
        std::istringstream in{std::string(text)};
        Poco::Base64Decoder decoder(in, text.find_first_of("-_") != std::string_view::npos ? Poco::BASE64_URL_ENCODING : 0);
        out.assign(std::istreambuf_iterator<char>(decoder), {});
        return !out.empty();
    } catch (const Poco::Exception&) {
        return false;
    }
}

} // namespace passway::httpv2
