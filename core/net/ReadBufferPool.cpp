#include "net/ReadBufferPool.h"

#include <boost/asio/buffer.hpp>

#include <utility>

namespace passway::net {

bool ReadBufferPool::keep(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    if (counted_ + bytes > budget_) return false;
    counted_ += bytes;
    return true;
}

void ReadBufferPool::release(std::size_t bytes) {
    if (bytes == 0) return;
    std::lock_guard lock(mutex_);
    counted_ -= std::min(bytes, counted_);
}

void ReadBufferPool::park(boost::beast::flat_buffer buffer, std::size_t bytes) {
    if (bytes == 0) return;
    buffer.clear();
    std::lock_guard lock(mutex_);
    parked_.push_back(Parked{std::move(buffer), bytes});
}

std::size_t ReadBufferPool::reuse(boost::beast::flat_buffer& buffer) {
    Parked spare;
    {
        std::lock_guard lock(mutex_);
        if (parked_.empty()) return 0;
        spare = std::move(parked_.back());
        parked_.pop_back();
    }
    const std::size_t unread = buffer.size();
    if (unread > spare.buffer.capacity()) {  // cannot happen with equal bounds; keep the caller's bytes intact
        park(std::move(spare.buffer), spare.bytes);
        return 0;
    }
    spare.buffer.commit(boost::asio::buffer_copy(spare.buffer.prepare(unread), buffer.data()));
    buffer = std::move(spare.buffer);
    return spare.bytes;
}

std::size_t ReadBufferPool::counted() const {
    std::lock_guard lock(mutex_);
    return counted_;
}

std::size_t ReadBufferPool::parked() const {
    std::lock_guard lock(mutex_);
    return parked_.size();
}

} // namespace passway::net
