#pragma once

#include "store/postgresql/PgConnection.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway {

struct PgPoolOptions {
    std::string url;                  // postgresql://user:pass@host:port/db
    int size = 8;                     // most connections open at once
    int waitTimeoutMs = 5000;         // how long a caller waits for a free connection
    int connectTimeoutS = 5;          // per connection attempt
};

// A bounded set of connections, opened on demand. A caller that finds all
// of them busy waits up to waitTimeoutMs and then gets a StoreError rather
// than hanging: a device's request fails, the host stays responsive. A
// connection that broke (database restarted) is dropped when given back and
// a new one is opened by the next caller: reconnecting needs no restart.
class PgPool {
public:
    explicit PgPool(PgPoolOptions options);
    ~PgPool();

    std::unique_ptr<PgConnection> borrow();
    void giveBack(std::unique_ptr<PgConnection> connection) noexcept;

    const PgPoolOptions& options() const { return options_; }

private:
    PgPoolOptions options_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<PgConnection>> idle_;
    int open_ = 0;  // idle + borrowed + being opened
};

} // namespace passway
