#pragma once

// The listener interface a plugin (and the admin API) serves HTTP through.
// It says nothing about threads or sockets: the host's event-driven server
// (net/HttpServer.h) reads the request within the limits, and the handler
// answers through a responder, at once or later, from any thread.

#include "passway/net/HttpRequest.h"
#include "passway/net/HttpResponse.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

namespace passway::net {

// A response body sent piece by piece with chunked encoding: live event
// streams, large exports. Thread-safe; write() never blocks.
class HttpStream {
public:
    virtual ~HttpStream() = default;
    // Queues `bytes` as one chunk. False once the connection is gone.
    virtual bool write(std::string bytes) = 0;
    // Chunks queued and not yet handed to the kernel.
    virtual std::size_t pending() const = 0;
    // For writers on their own thread (exports): waits until at most
    // `chunks` are pending; false when the connection went away.
    virtual bool waitBelow(std::size_t chunks, std::chrono::milliseconds timeout) = 0;
    // Ends the body with the last chunk; the connection serves the next request.
    virtual void finish() = 0;
    // Cuts the connection without the last chunk: the client sees a broken transfer.
    virtual void abort() = 0;
    virtual bool open() const = 0;
    // Called once, on a server thread, when the stream ends for any reason
    // (finished, aborted, the client left, the server stops). Keep it short.
    virtual void onClose(std::function<void()> callback) = 0;
};

// Answers one request. The first send() or stream() counts; later calls are
// ignored. A responder dropped without answering sends 500.
class HttpResponder {
public:
    virtual ~HttpResponder() = default;
    virtual void send(HttpResponse response) = 0;
    // Sends `head` (status, headers; its body is ignored) and returns the
    // stream for the body.
    virtual std::shared_ptr<HttpStream> stream(HttpResponse head) = 0;
};

// What to do with a request's body, decided from its head alone before a
// byte of the body is read.
struct BodyPlan {
    std::size_t limit = 16u << 20;             // most bytes accepted (over it: tooLarge())
    std::optional<HttpResponse> refusal;       // answer at once, without reading the body
};

class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    // On a server I/O thread: quick, no blocking, no store access.
    virtual BodyPlan planBody(const HttpRequest& head) { return {}; }
    // The answer to a body over the plan's limit (declared or found while reading).
    virtual HttpResponse tooLarge(const HttpRequest& head) {
        return HttpResponse::text(413, "request body too large\n");
    }
    // On a worker thread with the body read. Answer through `responder`,
    // now or later (keep the pointer). Exceptions become a 500.
    virtual void handle(HttpRequest& request, std::shared_ptr<HttpResponder> responder) = 0;
};

} // namespace passway::net
