#pragma once

#include "passway/net/HttpHandler.h"
#include "net/HttpServerOptions.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace passway::net {

class ServerCore;

// The host's one event-driven HTTP/1.1 server (Boost.Beast over Asio's epoll
// reactor, OpenSSL for TLS). A few I/O threads hold every connection; a
// parsed request goes to a bounded pool of workers that run the handler. An
// idle keep-alive connection costs its socket and a few KB, never a thread.
// Every connection lives under the deadlines and bounds of
// HttpServerOptions; each breach is counted and logged (LimitLog).
//
// Keep-alive and pipelining: requests on one connection are read and
// answered strictly in order; the next request is read only after the
// previous answer went out. Chunked and Content-Length bodies, Expect:
// 100-continue, HEAD. A streamed answer (HttpStream) closes the connection
// when it ends.
class HttpServer {
public:
    // Binds and starts; throws std::runtime_error naming the address (port
    // in use, unreadable certificate).
    HttpServer(HttpServerOptions options, std::shared_ptr<HttpHandler> handler);
    ~HttpServer();  // stop(5 s)
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string describe() const;  // "http 0.0.0.0:9001"
    // Stops accepting and closes idle connections at once, gives requests in
    // flight up to `grace`, then cuts every connection and joins every
    // thread: no handler code runs after it returns. Idempotent.
    void stop(std::chrono::milliseconds grace);

    std::size_t connections() const;
    // Open connections of every server in the process (for /metrics).
    static std::size_t openConnections();

private:
    std::shared_ptr<ServerCore> core_;
    std::uint16_t port_ = 0;
};

} // namespace passway::net
