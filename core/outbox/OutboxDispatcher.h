#pragma once

#include "model/OutboxItem.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace passway {

class Store;

struct OutboxOptions {
    std::chrono::milliseconds pollInterval{500};      // how often due items are looked for (notify() wakes earlier)
    std::chrono::milliseconds backoff{1000};          // delay after the first failure; doubled after each next one
    std::chrono::milliseconds maxBackoff{600000};     // the delay never grows beyond this
    int maxAttempts = 10;                             // then the item is dead (dead-letter state)
    std::chrono::milliseconds requestTimeout{10000};
    int batch = 50;                                   // items taken per look
};

// Delivers the outbox in the background. Every item was written to the store
// before it was queued, and each attempt's outcome is written back, so a
// restart (or a crash) loses nothing: pending items are simply due again.
// Each request carries `Idempotency-Key` so a receiver that got an item but
// whose answer was lost can recognise the repeat.
//
// A 2xx answer delivers. Other answers and network errors are retried after
// backoff × 2^(attempts−1), capped at maxBackoff, until maxAttempts; a 4xx
// other than 408 and 429 will not get better and makes the item dead at once.
class OutboxDispatcher {
public:
    OutboxDispatcher(Store& store, OutboxOptions options);
    ~OutboxDispatcher();  // stop()
    OutboxDispatcher(const OutboxDispatcher&) = delete;
    OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

    void start();
    // Finishes the delivery in flight (bounded by requestTimeout) and joins.
    void stop();
    // Something was queued or retried: look now instead of at the next poll.
    void notify();

    // Delay before the next attempt after `attempts` failed ones (>= 1).
    std::chrono::milliseconds backoffAfter(int attempts) const;

    std::uint64_t delivered() const { return delivered_.load(); }
    std::uint64_t failedAttempts() const { return failed_.load(); }

private:
    void run();
    void deliver(const OutboxItem& item);

    Store& store_;
    const OutboxOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool notified_ = false;
    std::thread thread_;
    std::atomic<std::uint64_t> delivered_{0};
    std::atomic<std::uint64_t> failed_{0};
};

} // namespace passway
