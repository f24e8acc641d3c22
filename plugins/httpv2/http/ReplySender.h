#pragma once

#include "passway/net/HttpRequest.h"
#include "passway/net/HttpResponse.h"

#include <cstddef>
#include <string>

namespace passway::httpv2 {

struct ReplyOptions {
    bool gzip = true;               // compress when the terminal accepts it ...
    std::size_t gzipMinBytes = 1024;  // ... and the body is at least this long
    bool keepAlive = true;          // false: close after this answer
};

// True when the request's Accept-Encoding allows gzip (a q of 0 refuses it).
bool acceptsGzip(const net::HttpRequest& request);

// A complete body (the server adds its Content-Length, so HTTP/1.1
// keep-alive holds), gzip'd when the terminal accepts it and it is worth it.
net::HttpResponse replyOf(const net::HttpRequest& request, int httpStatus, const std::string& contentType,
                          const std::string& body, const ReplyOptions& options);
// The same, with acceptsGzip(request) asked before (an answer given later).
net::HttpResponse replyOf(bool gzipAccepted, int httpStatus, const std::string& contentType, const std::string& body,
                          const ReplyOptions& options);

} // namespace passway::httpv2
