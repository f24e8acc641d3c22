#include "net/Wire.h"

#include <ostream>  // before Beast: status.hpp streams without including it

#include <boost/beast/http/status.hpp>

#include <ctime>

namespace passway::net {

namespace {

// RFC 9110 IMF-fixdate, cached per second: every answer carries one.
std::string httpDate() {
    thread_local std::time_t cachedAt = 0;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now != cachedAt) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char text[64];
        std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached = text;
        cachedAt = now;
    }
    return cached;
}

bool bodyAllowed(int status) { return !(status < 200 || status == 204 || status == 304); }

} // namespace

std::string responseHead(const HttpResponse& response, const HttpRequest& request, bool keepAlive, bool chunked) {
    std::string head;
    head.reserve(256);
    head += request.versionMinor == 0 && request.versionMajor == 1 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(response.status);
    head += ' ';
    if (!response.reason.empty()) {
        head += response.reason;
    } else {
        const auto phrase = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
        head.append(phrase.data(), phrase.size());
    }
    head += "\r\n";
    for (const auto& field : response.headers.all()) {
        if (HttpHeaders::equal(field.name, "Content-Length") || HttpHeaders::equal(field.name, "Transfer-Encoding") ||
            HttpHeaders::equal(field.name, "Connection"))
            continue;  // the server decides these
        head += field.name;
        head += ": ";
        head += field.value;
        head += "\r\n";
    }
    if (!response.headers.has("Date")) head += "Date: " + httpDate() + "\r\n";
    if (!response.headers.has("Server")) head += "Server: passway\r\n";
    if (bodyAllowed(response.status)) {
        if (chunked) head += "Transfer-Encoding: chunked\r\n";
        else head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    }
    if (!keepAlive) head += "Connection: close\r\n";
    else if (request.versionMajor == 1 && request.versionMinor == 0) head += "Connection: Keep-Alive\r\n";
    head += "\r\n";
    return head;
}

std::string chunkOf(const std::string& bytes) {
    char size[24];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
    std::string out;
    out.reserve(bytes.size() + static_cast<std::size_t>(n) + 2);
    out.append(size, static_cast<std::size_t>(n));
    out += bytes;
    out += "\r\n";
    return out;
}

} // namespace passway::net
