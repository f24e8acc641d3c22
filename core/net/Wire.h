#pragma once

#include "passway/net/HttpRequest.h"
#include "passway/net/HttpResponse.h"

#include <string>

namespace passway::net {

// The bytes of a response head. `chunked`: Transfer-Encoding instead of
// Content-Length. `keepAlive` false adds Connection: close; an HTTP/1.0
// client that asked to keep the connection hears Connection: Keep-Alive.
std::string responseHead(const HttpResponse& response, const HttpRequest& request, bool keepAlive, bool chunked);

// A chunk of a chunked body, and the last chunk.
std::string chunkOf(const std::string& bytes);
inline const std::string& lastChunk() {
    static const std::string last = "0\r\n\r\n";
    return last;
}

} // namespace passway::net
