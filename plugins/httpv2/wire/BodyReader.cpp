#include "wire/BodyReader.h"

#include "wire/Gzip.h"
#include "wire/ProtocolError.h"

#include <Poco/String.h>

namespace passway::httpv2 {

std::string readBody(std::istream& in, std::int64_t declaredLength, std::size_t maxBody) {
    if (declaredLength > static_cast<std::int64_t>(maxBody)) {
        throw ProtocolError::tooLarge("body of " + std::to_string(declaredLength) + " bytes is over the limit of " +
                                      std::to_string(maxBody) + " bytes");
    }
    if (declaredLength >= 0) {
        std::string body(static_cast<std::size_t>(declaredLength), '\0');
        in.read(body.data(), declaredLength);
        const auto got = in.gcount();
        if (got < declaredLength) {
            throw ProtocolError::badRequest("body truncated: " + std::to_string(got) + " of " +
                                            std::to_string(declaredLength) + " bytes arrived");
        }
        return body;
    }
    std::string body;
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (body.size() + got > maxBody) {
            throw ProtocolError::tooLarge("body is over the limit of " + std::to_string(maxBody) + " bytes");
        }
        body.append(buffer, got);
    }
    return body;
}

std::string decodeBody(std::string body, std::string_view contentEncoding, std::size_t maxInflated) {
    const std::string encoding = Poco::toLower(Poco::trim(std::string(contentEncoding)));
    if (encoding.empty() || encoding == "identity") return body;
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") return gunzip(body, maxInflated);
    throw ProtocolError::unsupportedMedia("Content-Encoding '" + encoding + "' is not supported (gzip is)");
}

std::size_t discardBody(std::istream& in, std::size_t maxBytes) {
    std::size_t dropped = 0;
    char buffer[65536];
    while (in && dropped < maxBytes) {
        in.read(buffer, static_cast<std::streamsize>(std::min(sizeof buffer, maxBytes - dropped)));
        dropped += static_cast<std::size_t>(in.gcount());
    }
    return dropped;
}

} // namespace passway::httpv2
