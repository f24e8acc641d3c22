#include "http/ReplySender.h"

#include "wire/Gzip.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace passway::httpv2 {

bool acceptsGzip(const net::HttpRequest& request) {
    const std::string header = request.header("Accept-Encoding");
    if (header.empty()) return false;
    const Poco::StringTokenizer codings(header, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& coding : codings) {
        const std::size_t semicolon = coding.find(';');
        const std::string name = Poco::toLower(Poco::trim(coding.substr(0, semicolon)));
        if (name != "gzip" && name != "x-gzip" && name != "*") continue;
        if (semicolon == std::string::npos) return true;
        const std::string parameter = Poco::trim(coding.substr(semicolon + 1));
        double q = 1.0;
        if (parameter.rfind("q=", 0) == 0 && Poco::NumberParser::tryParseFloat(parameter.substr(2), q)) return q > 0;
        return true;
    }
    return false;
}

net::HttpResponse replyOf(const net::HttpRequest& request, int httpStatus, const std::string& contentType,
                          const std::string& body, const ReplyOptions& options) {
    // The header is looked at only when compressing would be worth it.
    const bool worth = options.gzip && body.size() >= options.gzipMinBytes;
    return replyOf(worth && acceptsGzip(request), httpStatus, contentType, body, options);
}

net::HttpResponse replyOf(bool gzipAccepted, int httpStatus, const std::string& contentType, const std::string& body,
                          const ReplyOptions& options) {
    net::HttpResponse response;
    response.status = httpStatus;
    response.headers.set("Content-Type", contentType);
    response.close = !options.keepAlive;
    if (options.gzip && gzipAccepted && body.size() >= options.gzipMinBytes) {
        response.headers.set("Content-Encoding", "gzip");
        response.body = gzip(body);
        return response;
    }
    response.body = body;
    return response;
}

} // namespace passway::httpv2
