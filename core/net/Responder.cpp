#include "net/Responder.h"

#include "net/StreamState.h"

namespace passway::net {

Responder::~Responder() {
    if (!answered_.exchange(true)) {
        HttpResponse failure = HttpResponse::text(500, "internal error\n");
        failure.close = true;
        connection_->deliver(std::move(failure));
    }
}

void Responder::send(HttpResponse response) {
    if (answered_.exchange(true)) return;
    connection_->deliver(std::move(response));
}

std::shared_ptr<HttpStream> Responder::stream(HttpResponse head) {
    auto state = std::make_shared<StreamState>(connection_);
    if (answered_.exchange(true)) {
        state->closed();
        return state;
    }
    connection_->deliverStream(std::move(head), state);
    return state;
}

} // namespace passway::net
