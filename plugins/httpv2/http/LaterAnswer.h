#pragma once

#include "wire/Reply.h"

#include "passway/net/HttpHandler.h"

#include <cstddef>
#include <memory>
#include <string>

namespace passway::httpv2 {

// A terminal's answer given after its handler returned, from another thread
// (the record intake's writer, once the record is durable). It keeps the
// responder and what the reply's shape needs of the request, not the
// request itself, whose body may be a photo. Copyable: a callback holds it.
class LaterAnswer {
public:
    LaterAnswer(std::shared_ptr<net::HttpResponder> responder, bool gzip, std::size_t gzipMinBytes, std::string who)
        : responder_(std::move(responder)), gzip_(gzip), gzipMinBytes_(gzipMinBytes), who_(std::move(who)) {}

    void send(const Reply& reply) const;
    const std::string& who() const { return who_; }  // for logs

private:
    std::shared_ptr<net::HttpResponder> responder_;
    bool gzip_;  // the plugin compresses replies and the terminal accepts gzip
    std::size_t gzipMinBytes_;
    std::string who_;
};

} // namespace passway::httpv2
