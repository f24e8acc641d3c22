#pragma once

#include "passway/net/HttpHeaders.h"

#include <string>
#include <utility>

namespace passway::net {

// An answer. Content-Length, Date, Server and Connection are added by the
// server; a HEAD request gets the head only.
struct HttpResponse {
    int status = 200;
    std::string reason;   // empty: the standard phrase of `status`
    HttpHeaders headers;
    std::string body;
    bool close = false;   // close the connection after this answer

    static HttpResponse text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8") {
        HttpResponse r;
        r.status = status;
        r.headers.set("Content-Type", std::move(contentType));
        r.body = std::move(body);
        return r;
    }
};

} // namespace passway::net
