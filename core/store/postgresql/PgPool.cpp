#include "store/postgresql/PgPool.h"

#include "store/StoreError.h"

namespace passway {

PgPool::PgPool(PgPoolOptions options) : options_(std::move(options)) {
    if (options_.size < 1) options_.size = 1;
}

PgPool::~PgPool() = default;

std::unique_ptr<PgConnection> PgPool::borrow() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.waitTimeoutMs);
    while (idle_.empty() && open_ >= options_.size) {
        if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= options_.size) {
            throw StoreError("postgresql: all " + std::to_string(options_.size) + " connections stayed busy for " +
                             std::to_string(options_.waitTimeoutMs) + " ms (store.pool_size)");
        }
    }
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return connection;
    }
    ++open_;
    lock.unlock();
    // Connecting takes a round trip or a timeout: never under the mutex.
    try {
        return std::make_unique<PgConnection>(options_.url, options_.connectTimeoutS);
    } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
    }
}

void PgPool::giveBack(std::unique_ptr<PgConnection> connection) noexcept {
    {
        std::lock_guard lock(mutex_);
        // A broken connection, or one left inside a transaction by a bug,
        // must not serve the next caller.
        if (connection && connection->healthy() && connection->depth == 0) {
            connection->pending.clear();
            idle_.push_back(std::move(connection));
        } else {
            --open_;
        }
        freed_.notify_one();
    }
    connection.reset();  // a dropped one is closed outside the mutex
}

} // namespace passway
