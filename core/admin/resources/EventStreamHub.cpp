#include "admin/resources/EventStreamHub.h"

#include "admin/json/Json.h"
#include "util/SecretPolicy.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace passway::admin {

namespace {

// A payload is a JSON object text; anything else goes out as an empty object
// rather than as text the browser would have to guess about.
std::string scrubbedPayload(const std::string& payload) {
    try {
        return json::stringify(scrubSecrets(Poco::JSON::Parser().parse(payload)));
    } catch (const Poco::Exception&) {
        return "{}";
    }
}

} // namespace

bool EventStreamHub::Stream::wants(const std::string& topic) const {
    return std::any_of(patterns_.begin(), patterns_.end(),
                       [&](const std::string& pattern) { return EventBus::matches(pattern, topic); });
}

void EventStreamHub::Stream::offer(const Event& event) {
    std::function<void()> activity;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        if (queue_.size() >= capacity_) {
            // The newest matter most on a live page: drop the oldest.
            queue_.pop_front();
            ++dropped_;
        }
        queue_.push_back(event);
        activity = activity_;
    }
    wake_.notify_one();
    if (activity) activity();
}

void EventStreamHub::Stream::close() {
    std::function<void()> activity;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        activity = activity_;
    }
    wake_.notify_all();
    if (activity) activity();
}

void EventStreamHub::Stream::onActivity(std::function<void()> callback) {
    std::lock_guard lock(mutex_);
    activity_ = std::move(callback);
}

EventStreamHub::Batch EventStreamHub::Stream::wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, timeout, [this] { return closed_ || !queue_.empty(); });
    Batch batch;
    batch.closed = closed_;
    batch.dropped = dropped_;
    dropped_ = 0;
    batch.events.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    return batch;
}

EventStreamHub::EventStreamHub(EventBus& bus, Options options) : bus_(bus), options_(options) {}

EventStreamHub::~EventStreamHub() {
    closeAll();
    bool subscribed = false;
    {
        std::lock_guard lock(mutex_);
        subscribed = subscribed_;
        subscribed_ = false;
    }
    if (subscribed) bus_.unsubscribe(subscription_);
}

std::shared_ptr<EventStreamHub::Stream> EventStreamHub::open(std::vector<std::string> patterns) {
    std::lock_guard lock(mutex_);
    if (closed_ || streams_.size() >= options_.maxStreams) return nullptr;
    if (!subscribed_) {
        // Under our lock, so two first streams do not subscribe twice; the
        // bus never calls deliver() from inside subscribe().
        subscription_ = bus_.subscribe("*", [this](const Event& event) { deliver(event); }, "admin-event-streams");
        subscribed_ = true;
    }
    auto stream = std::make_shared<Stream>(std::move(patterns), options_.queuePerStream);
    streams_.push_back(stream);
    return stream;
}

void EventStreamHub::release(const std::shared_ptr<Stream>& stream) {
    std::lock_guard lock(mutex_);
    streams_.erase(std::remove(streams_.begin(), streams_.end(), stream), streams_.end());
}

void EventStreamHub::closeAll() {
    std::vector<std::shared_ptr<Stream>> open;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        open = streams_;
    }
    for (const auto& stream : open) stream->close();
}

void EventStreamHub::reopen() {
    std::lock_guard lock(mutex_);
    closed_ = false;
}

std::size_t EventStreamHub::streams() const {
    std::lock_guard lock(mutex_);
    return streams_.size();
}

void EventStreamHub::deliver(const Event& event) {
    std::vector<std::shared_ptr<Stream>> targets;
    {
        std::lock_guard lock(mutex_);
        for (const auto& stream : streams_) {
            if (stream->wants(event.topic)) targets.push_back(stream);
        }
    }
    if (targets.empty()) return;
    Event scrubbed = event;
    scrubbed.payload = scrubbedPayload(event.payload);
    for (const auto& stream : targets) stream->offer(scrubbed);
}

} // namespace passway::admin
