#include "net/StreamState.h"

#include "net/ConnectionBase.h"

namespace passway::net {

void StreamState::wake() {
    if (auto c = connection_.lock()) c->wake();
}

bool StreamState::write(std::string bytes) {
    if (bytes.empty()) return open();
    {
        std::lock_guard lock(mutex_);
        if (closed_ || finished_ || aborted_) return false;
        queue_.push_back(std::move(bytes));
    }
    wake();
    return true;
}

std::size_t StreamState::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + inFlight_;
}

bool StreamState::waitBelow(std::size_t chunks, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    drained_.wait_for(lock, timeout, [&] { return closed_ || queue_.size() + inFlight_ <= chunks; });
    return !closed_ && queue_.size() + inFlight_ <= chunks;
}

void StreamState::finish() {
    {
        std::lock_guard lock(mutex_);
        if (closed_ || finished_ || aborted_) return;
        finished_ = true;
    }
    wake();
}

void StreamState::abort() {
    {
        std::lock_guard lock(mutex_);
        if (closed_ || aborted_) return;
        aborted_ = true;
    }
    wake();
}

bool StreamState::open() const {
    std::lock_guard lock(mutex_);
    return !closed_ && !finished_ && !aborted_;
}

void StreamState::onClose(std::function<void()> callback) {
    bool runNow = false;
    {
        std::lock_guard lock(mutex_);
        if (closed_) runNow = true;
        else onClose_ = std::move(callback);
    }
    if (runNow && callback) callback();
}

StreamState::Take StreamState::take() {
    std::lock_guard lock(mutex_);
    Take t;
    t.chunks.swap(queue_);
    inFlight_ += t.chunks.size();
    t.finished = finished_;
    t.aborted = aborted_;
    return t;
}

void StreamState::written(std::size_t chunks) {
    {
        std::lock_guard lock(mutex_);
        inFlight_ -= std::min(inFlight_, chunks);
    }
    drained_.notify_all();
}

void StreamState::closed() {
    std::function<void()> callback;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        closed_ = true;
        callback.swap(onClose_);
        queue_.clear();
        inFlight_ = 0;
    }
    drained_.notify_all();
    if (callback) {
        try {
            callback();
        } catch (...) {
            // A callback's failure must not end the I/O thread.
        }
    }
}

} // namespace passway::net
