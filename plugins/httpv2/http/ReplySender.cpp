#include "http/ReplySender.h"

#include "wire/Gzip.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace passway::httpv2 {

bool acceptsGzip(const Poco::Net::HTTPServerRequest& request) {
    const std::string header = request.get("Accept-Encoding", "");
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

void sendBody(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int httpStatus,
              const std::string& contentType, const std::string& body, const ReplyOptions& options) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(httpStatus));
    response.setContentType(contentType);
    if (!options.keepAlive) response.setKeepAlive(false);
    if (options.gzip && body.size() >= options.gzipMinBytes && acceptsGzip(request)) {
        const std::string packed = gzip(body);
        response.set("Content-Encoding", "gzip");
        response.setContentLength64(static_cast<Poco::Int64>(packed.size()));
        response.sendBuffer(packed.data(), packed.size());
        return;
    }
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.sendBuffer(body.data(), body.size());
}

} // namespace passway::httpv2
