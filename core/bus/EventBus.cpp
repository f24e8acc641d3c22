#include "bus/EventBus.h"

#include "passway/Clock.h"

#include <Poco/Logger.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace passway {

namespace {

Poco::Logger& busLog() { return Poco::Logger::get("bus"); }

// A flood of drops or of failing handlers must not turn into a flood of log
// lines (the log would become the slowest subscriber of all): the first
// occurrence is logged at once, later ones are counted and summarised at
// most once per interval.
class LogThrottle {
public:
    // True when a line should be written now; `suppressed` then holds how many
    // occurrences were swallowed since the previous line.
    bool admit(std::uint64_t& suppressed) {
        const auto now = std::chrono::steady_clock::now();
        if (logged_ && now - last_ < kInterval) {
            ++pending_;
            return false;
        }
        logged_ = true;
        last_ = now;
        suppressed = pending_;
        pending_ = 0;
        return true;
    }

private:
    static constexpr std::chrono::seconds kInterval{10};
    bool logged_ = false;
    std::chrono::steady_clock::time_point last_{};
    std::uint64_t pending_ = 0;
};

} // namespace

// One subscriber: its bounded queue, the thread that drains it and the
// handler. Events are shared between subscribers (one copy per publish, not
// one per subscriber), which keeps a large payload cheap to fan out.
class EventBus::Subscription {
public:
    Subscription(SubscriptionId id, std::string pattern, Handler handler, std::string name, std::size_t capacity)
        : pattern_(std::move(pattern)), handler_(std::move(handler)),
          name_(name.empty() ? "#" + std::to_string(id) + " (" + pattern_ + ")" : std::move(name)),
          capacity_(capacity == 0 ? 1 : capacity) {}

    ~Subscription() { stop(false); }

    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    void start() { thread_ = std::thread([this] { run(); }); }

    const std::string& pattern() const { return pattern_; }

    // Queues the event unless the queue is full or the subscription stops.
    // Returns false when the event was dropped; `report` then may hold a log
    // line for the caller to write once it holds no lock.
    bool offer(const std::shared_ptr<const Event>& event, std::string& report) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return true;  // going away: not a drop, nobody is listening any more
            if (queue_.size() < capacity_) {
                queue_.push_back(event);
                wake_.notify_one();
                return true;
            }
            ++dropped_;
            std::uint64_t suppressed = 0;
            if (dropThrottle_.admit(suppressed)) {
                report = "subscriber " + name_ + " is too slow: queue of " + std::to_string(capacity_) +
                         " full, dropped " + event->topic + " #" + std::to_string(event->sequence) +
                         (suppressed ? " and " + std::to_string(suppressed) + " more since the last report" : "") +
                         " (" + std::to_string(dropped_) + " dropped in all)";
            }
        }
        return false;
    }

    // Ends the thread. With `drain` the queued events are delivered first;
    // without, they are discarded and only a handler running now is awaited.
    void requestStop(bool drain) {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        drain_ = drain;
        if (!drain) queue_.clear();
        wake_.notify_one();
    }

    void join() {
        if (thread_.joinable()) thread_.join();
    }

    void stop(bool drain) {
        requestStop(drain);
        join();
    }

    bool onOwnThread() const { return std::this_thread::get_id() == thread_.get_id(); }

    std::size_t queued() const {
        std::lock_guard lock(mutex_);
        return queue_.size();
    }

private:
    void run() {
        for (;;) {
            std::shared_ptr<const Event> event;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (stopping_ && (!drain_ || queue_.empty())) break;
                event = std::move(queue_.front());
                queue_.pop_front();
            }
            deliver(*event);
        }
    }

    // A handler's exception is this subscriber's problem: it is logged and
    // the next event is delivered as usual.
    void deliver(const Event& event) {
        try {
            handler_(event);
        } catch (const std::exception& e) {
            reportFailure(event, e.what());
        } catch (...) {
            reportFailure(event, "unknown exception");
        }
    }

    void reportFailure(const Event& event, const std::string& what) {
        std::uint64_t suppressed = 0;
        if (!errorThrottle_.admit(suppressed)) return;  // only touched by this subscription's thread
        busLog().error("subscriber " + name_ + " failed on " + event.topic + " #" + std::to_string(event.sequence) +
                       ": " + what +
                       (suppressed ? " (" + std::to_string(suppressed) + " more failures since the last report)" : ""));
    }

    const std::string pattern_;
    const Handler handler_;
    const std::string name_;
    const std::size_t capacity_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<const Event>> queue_;
    bool stopping_ = false;
    bool drain_ = false;
    std::uint64_t dropped_ = 0;
    LogThrottle dropThrottle_;   // guarded by mutex_
    LogThrottle errorThrottle_;  // used by the delivery thread only
    std::thread thread_;
};

EventBus::EventBus(std::size_t queueCapacity) : capacity_(queueCapacity) {}

EventBus::~EventBus() {
    try {
        shutdown();
    } catch (const std::exception& e) {
        busLog().error(std::string("shutting down the event bus: ") + e.what());
    }
}

EventBus::SubscriptionId EventBus::subscribe(const std::string& pattern, Handler handler, const std::string& name) {
    if (!handler) throw std::invalid_argument("EventBus::subscribe: empty handler");
    std::lock_guard lock(mutex_);
    const SubscriptionId id = nextId_++;
    auto subscription = std::make_shared<Subscription>(id, pattern, std::move(handler), name, capacity_);
    subscription->start();
    subscriptions_.emplace(id, std::move(subscription));
    return id;
}

void EventBus::unsubscribe(SubscriptionId id) {
    std::shared_ptr<Subscription> subscription;
    {
        std::lock_guard lock(mutex_);
        const auto found = subscriptions_.find(id);
        if (found == subscriptions_.end()) return;
        // Joining our own thread would deadlock; refuse loudly instead.
        if (found->second->onOwnThread())
            throw std::logic_error("EventBus::unsubscribe called from the subscription's own handler");
        subscription = std::move(found->second);
        subscriptions_.erase(found);
        // Under the bus lock, so that no event queued before unsubscribe()
        // can still be taken by the handler once it returns from this one.
        subscription->requestStop(false);
    }
    // Outside the bus lock: publishers must not wait while a handler finishes.
    subscription->join();
}

void EventBus::publish(Event event) {
    std::vector<Event> one;
    one.push_back(std::move(event));
    publishAll(std::move(one));
}

void EventBus::publishAll(std::vector<Event> events) {
    if (events.empty()) return;
    if (!log_) {
        fanOut(std::move(events));
        return;
    }
    std::vector<Event> kept, passing;
    for (auto& event : events) (log_->keeps(event.topic) ? kept : passing).push_back(std::move(event));
    if (!kept.empty()) {
        // Shared, so that the after-commit action does not copy payloads.
        auto durable = std::make_shared<std::vector<Event>>(std::move(kept));
        log_->append(*durable, [this, durable] { fanOut(std::move(*durable)); });
    }
    if (!passing.empty()) fanOut(std::move(passing));
}

void EventBus::fanOut(std::vector<Event> events) {
    std::vector<std::string> reports;
    {
        // Numbering and queueing under one lock gives every subscriber its
        // events in sequence order, even with many publishing threads. The
        // lock is held only for queue pushes, never for a handler. Events
        // from the log keep the log's sequence.
        std::lock_guard lock(mutex_);
        for (auto& event : events) {
            if (!log_) event.sequence = ++sequence_;
            if (event.at == 0) event.at = nowMillis();
            ++published_;
            const auto shared = std::make_shared<const Event>(std::move(event));
            for (const auto& [id, subscription] : subscriptions_) {
                if (!matches(subscription->pattern(), shared->topic)) continue;
                std::string report;
                if (!subscription->offer(shared, report)) ++dropped_;
                if (!report.empty()) reports.push_back(std::move(report));
            }
        }
    }
    for (const auto& report : reports) busLog().warning(report);
}

void EventBus::publish(const std::string& topic, const std::string& payload, const std::string& source) {
    Event event;
    event.topic = topic;
    event.payload = payload;
    event.source = source;
    publish(std::move(event));
}

void EventBus::shutdown() {
    decltype(subscriptions_) all;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, subscription] : subscriptions_) {
            if (subscription->onOwnThread())
                throw std::logic_error("EventBus::shutdown called from a subscription's handler");
        }
        all.swap(subscriptions_);
    }
    // Ask all to finish first, then wait: subscribers drain in parallel.
    for (const auto& [id, subscription] : all) subscription->requestStop(true);
    for (const auto& [id, subscription] : all) subscription->join();
}

std::size_t EventBus::queued() const {
    std::lock_guard lock(mutex_);
    std::size_t total = 0;
    for (const auto& [id, subscription] : subscriptions_) total += subscription->queued();
    return total;
}

bool EventBus::matches(const std::string& pattern, const std::string& topic) {
    if (pattern == "*") return true;
    if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
        // "device.*" matches "device.online" and "device.alarm.door", not "device" nor "devices.x".
        const std::size_t prefix = pattern.size() - 1;  // keeps the dot
        return topic.size() > prefix && topic.compare(0, prefix, pattern, 0, prefix) == 0;
    }
    return pattern == topic;
}

} // namespace passway
