#pragma once

#include <boost/beast/core/flat_buffer.hpp>

#include <cstddef>
#include <mutex>
#include <vector>

namespace passway::net {

// The upload-sized read buffers of one server's connections, within a
// budget of bytes (net.kept_read_buffers_mb).
//
// Why: a connection that handed its 64 KiB buffer back after a photo upload
// (or closed) and took a new one for the next made the allocator return the
// pages to the kernel and fault them in again: with 200 terminals uploading
// at once, 14 page faults per upload on the I/O thread, twice its time, and
// the burst's p50 from 27 to 70 ms once the process had run a while. So a
// connection keeps its buffer between requests, and a closing one parks it
// here for the next connection, as long as the budget allows. Beyond it
// (10,000 kept-alive terminals that once sent a photo) a connection shrinks
// back to a few KB after each upload: an idle connection stays cheap.
class ReadBufferPool {
public:
    explicit ReadBufferPool(std::size_t budgetBytes) : budget_(budgetBytes) {}

    // Counts `bytes` of a buffer a connection keeps; false when over budget.
    bool keep(std::size_t bytes);
    // The connection no longer keeps them (it shrank or dropped its buffer).
    void release(std::size_t bytes);
    // A closing connection's kept buffer (its `bytes` stay counted) for another.
    void park(boost::beast::flat_buffer buffer, std::size_t bytes);
    // Swaps a parked buffer into `buffer`, moving its unread bytes along;
    // returns the bytes now counted for the caller, 0 when none is parked.
    std::size_t reuse(boost::beast::flat_buffer& buffer);

    std::size_t counted() const;
    std::size_t parked() const;

private:
    struct Parked {
        boost::beast::flat_buffer buffer;
        std::size_t bytes;
    };
    const std::size_t budget_;
    mutable std::mutex mutex_;
    std::size_t counted_ = 0;
    std::vector<Parked> parked_;
};

} // namespace passway::net
