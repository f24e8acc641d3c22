#pragma once

#include "passway/net/HttpHandler.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace passway::net {

class ConnectionBase;

// The HttpStream a handler writes to; the connection drains it on its I/O
// thread. Chunks are handed over under a mutex, the connection is woken
// through its I/O thread.
class StreamState final : public HttpStream {
public:
    explicit StreamState(std::weak_ptr<ConnectionBase> connection) : connection_(std::move(connection)) {}

    bool write(std::string bytes) override;
    std::size_t pending() const override;
    bool waitBelow(std::size_t chunks, std::chrono::milliseconds timeout) override;
    void finish() override;
    void abort() override;
    bool open() const override;
    void onClose(std::function<void()> callback) override;

    // Connection side.
    struct Take {
        std::deque<std::string> chunks;
        bool finished = false;
        bool aborted = false;
    };
    Take take();
    void written(std::size_t chunks);  // chunks left the queue
    void closed();                     // the connection ended: runs the callback once

private:
    void wake();

    std::weak_ptr<ConnectionBase> connection_;
    mutable std::mutex mutex_;
    std::condition_variable drained_;
    std::deque<std::string> queue_;
    std::size_t inFlight_ = 0;  // taken, not yet written
    bool finished_ = false, aborted_ = false, closed_ = false;
    std::function<void()> onClose_;
};

} // namespace passway::net
