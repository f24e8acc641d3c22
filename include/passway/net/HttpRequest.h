#pragma once

#include "passway/net/HttpHeaders.h"

#include <cstdint>
#include <optional>
#include <string>

namespace passway::net {

// One parsed HTTP/1.x request as a handler gets it: the head, the body (read
// whole, within the limit the handler chose for it before a byte of it was
// read), who sent it and over what. Plain data, header-only.
struct HttpRequest {
    std::string method;            // "GET", "POST", ...
    std::string target;            // as sent: path and query ("/Device/Keepalive?x=1")
    int versionMajor = 1;
    int versionMinor = 1;
    HttpHeaders headers;
    std::string body;              // empty until read; content coding (gzip) left as sent

    std::string peerAddress;       // "192.0.2.7" (IPv4-mapped IPv6 shown as IPv4)
    std::uint16_t peerPort = 0;
    std::string localAddress;      // the address the client connected to
    std::uint16_t localPort = 0;

    bool secure = false;           // arrived over TLS
    std::string peerCertificate;   // TLS client certificate (PEM), empty when none was presented
    std::string peerSubject;       // its subject, "/C=CN/O=.../CN=FC-8190H..."

    bool keepAlive = true;         // the client allows another request on this connection

    // The target without query or fragment.
    std::string path() const { return target.substr(0, target.find_first_of("?#")); }
    std::string contentType() const { return headers.get("Content-Type"); }
    std::string header(std::string_view name, std::string fallback = {}) const {
        return headers.get(name, std::move(fallback));
    }
    // The Host header, else the local address and port.
    std::string host() const {
        std::string h = headers.get("Host");
        return h.empty() ? localAddress + ":" + std::to_string(localPort) : h;
    }
    // Content-Length when the request declared one.
    std::optional<std::uint64_t> contentLength() const {
        const std::string* v = headers.find("Content-Length");
        if (!v || v->empty()) return std::nullopt;
        std::uint64_t n = 0;
        for (char c : *v) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
        }
        return n;
    }
    bool chunked() const {
        const std::string* v = headers.find("Transfer-Encoding");
        return v && v->find("chunked") != std::string::npos;
    }
    bool hasBody() const { return chunked() || contentLength().value_or(0) > 0; }
};

} // namespace passway::net
