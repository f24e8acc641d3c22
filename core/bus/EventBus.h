#pragma once

#include "passway/Event.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace passway {

// Publish/subscribe with asynchronous delivery. Each subscription has its own
// bounded queue and thread, so a slow subscriber delays only itself: publish()
// never waits for a handler. When a subscriber's queue is full the newest
// event for it is dropped and counted (a device must never wait for a script).
//
// Patterns: an exact topic ("record.created"), a prefix ending in ".*"
// ("device.*" matches device.online and device.alarm.door), or "*".
class EventBus {
public:
    using Handler = std::function<void(const Event&)>;
    using SubscriptionId = std::uint64_t;

    explicit EventBus(std::size_t queueCapacity = 10000);
    ~EventBus();
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    // `name` appears in log lines about this subscriber (drops, handler errors).
    SubscriptionId subscribe(const std::string& pattern, Handler handler, const std::string& name = "");
    // Stops delivery; waits for a handler running at that moment to return
    // (never call it from inside that same handler).
    void unsubscribe(SubscriptionId id);
    void publish(Event event);
    void publish(const std::string& topic, const std::string& payload, const std::string& source = "core");
    // Stops all subscriptions after delivering what is queued.
    void shutdown();

    std::uint64_t published() const { return published_.load(); }
    std::uint64_t dropped() const { return dropped_.load(); }
    std::size_t queued() const;  // events waiting in all subscriber queues

    static bool matches(const std::string& pattern, const std::string& topic);

private:
    class Subscription;

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<SubscriptionId, std::shared_ptr<Subscription>> subscriptions_;
    SubscriptionId nextId_ = 1;
    std::atomic<std::uint64_t> sequence_{0};
    std::atomic<std::uint64_t> published_{0};
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace passway
