#pragma once

#include "passway/net/HttpResponse.h"

#include <functional>
#include <memory>

namespace passway::net {

class StreamState;

// What responders and streams need of a connection, whatever its transport
// (plain TCP or TLS). Every call is posted to the connection's I/O thread.
class ConnectionBase : public std::enable_shared_from_this<ConnectionBase> {
public:
    virtual ~ConnectionBase() = default;
    virtual void deliver(HttpResponse response) = 0;
    virtual void deliverStream(HttpResponse head, std::shared_ptr<StreamState> stream) = 0;
    virtual void wake() = 0;            // a stream has news
    virtual void closeIfIdle() = 0;     // server stopping: idle connections go now
    virtual void closeNow() = 0;        // server stopping: everything goes
};

} // namespace passway::net
