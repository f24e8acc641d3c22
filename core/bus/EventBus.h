#pragma once

#include "bus/EventLog.h"
#include "passway/Event.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passway {

// Publish/subscribe with asynchronous delivery. Each subscription has its own
// bounded queue and thread, so a slow subscriber delays only itself: publish()
// never waits for a handler. When a subscriber's queue is full the newest
// event for it is dropped and counted (a device must never wait for a script).
//
// With an EventLog (the journal) set, publish() first appends the event to it
// (in the publishing thread's unit of work, if one is open) and fans it out
// to the in-memory subscribers only once it is committed; the event's
// sequence is then its journal seq. In-memory subscribers may still drop;
// whatever must see every event reads the journal instead.
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
    // Throws when the event log refuses the event (nothing was published).
    void publish(Event event);
    void publish(const std::string& topic, const std::string& payload, const std::string& source = "core");
    // Many at once: one append to the log for all of them.
    void publishAll(std::vector<Event> events);
    // Events another host published (read from the shared journal): to this
    // host's in-memory subscribers only, never logged again; their sequence
    // is already the journal's.
    void deliverFromElsewhere(std::vector<Event> events) { fanOut(std::move(events)); }
    // Set once, before anything is published; null: in-memory only.
    void setLog(EventLog* log) { log_ = log; }
    // Stops all subscriptions after delivering what is queued.
    void shutdown();

    std::uint64_t published() const { return published_.load(); }
    std::uint64_t dropped() const { return dropped_.load(); }
    std::size_t queued() const;  // events waiting in all subscriber queues

    static bool matches(const std::string& pattern, const std::string& topic);

private:
    class Subscription;

    void fanOut(std::vector<Event> events);

    std::size_t capacity_;
    EventLog* log_ = nullptr;
    mutable std::mutex mutex_;
    std::unordered_map<SubscriptionId, std::shared_ptr<Subscription>> subscriptions_;
    SubscriptionId nextId_ = 1;
    std::atomic<std::uint64_t> sequence_{0};
    std::atomic<std::uint64_t> published_{0};
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace passway
