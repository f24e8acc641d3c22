#pragma once

#include "net/ConnectionBase.h"
#include "passway/net/HttpHandler.h"

#include <atomic>
#include <memory>

namespace passway::net {

// The HttpResponder of one request: the first answer goes to the
// connection, later ones are ignored; dropped unanswered, it answers 500.
class Responder final : public HttpResponder {
public:
    Responder(std::shared_ptr<ConnectionBase> connection, bool head)
        : connection_(std::move(connection)), head_(head) {}
    ~Responder() override;

    void send(HttpResponse response) override;
    std::shared_ptr<HttpStream> stream(HttpResponse head) override;
    // The server answered itself (503): nothing more is owed.
    void dismiss() { answered_ = true; }

private:
    std::shared_ptr<ConnectionBase> connection_;
    const bool head_;
    std::atomic<bool> answered_{false};
};

} // namespace passway::net
