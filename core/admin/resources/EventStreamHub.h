#pragma once

#include "passway/Event.h"
#include "bus/EventBus.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway::admin {

// Fans events of the bus out to the admin page's live streams
// (GET /api/v1/events/stream). One bus subscription serves every stream, made
// when the first stream opens, so a host nobody watches pays nothing. Each
// stream has its own bounded queue: a slow browser loses its oldest events
// (counted, and told so), never delays the bus or another browser. The number
// of streams is bounded too (each holds a connection and a queue, no thread).
//
// Payloads are scrubbed of secrets (util/SecretPolicy.h) before they leave: plugin
// events are not written with a browser in mind.
class EventStreamHub {
public:
    struct Options {
        std::size_t maxStreams = 8;
        std::size_t queuePerStream = 256;
    };

    // What one wait of a stream yields.
    struct Batch {
        std::vector<Event> events;
        std::uint64_t dropped = 0;  // events lost since the last batch (queue full)
        bool closed = false;        // the hub is shutting down: end the stream
    };

    class Stream {
    public:
        Stream(std::vector<std::string> patterns, std::size_t capacity)
            : patterns_(std::move(patterns)), capacity_(capacity) {}
        // Waits up to `timeout` for events; an empty batch means "send a heartbeat".
        Batch wait(std::chrono::milliseconds timeout);
        // Called (outside the stream's lock, on the bus's or the closing
        // thread) after an event was queued or the stream closed, so a
        // writer can take the batch without a thread waiting in wait().
        void onActivity(std::function<void()> callback);

    private:
        friend class EventStreamHub;
        bool wants(const std::string& topic) const;
        void offer(const Event& event);
        void close();

        const std::vector<std::string> patterns_;
        const std::size_t capacity_;
        std::mutex mutex_;
        std::condition_variable wake_;
        std::deque<Event> queue_;
        std::uint64_t dropped_ = 0;
        bool closed_ = false;
        std::function<void()> activity_;
    };

    EventStreamHub(EventBus& bus, Options options);
    ~EventStreamHub();
    EventStreamHub(const EventStreamHub&) = delete;
    EventStreamHub& operator=(const EventStreamHub&) = delete;

    // A new stream for topics matching any of `patterns` (EventBus syntax);
    // null when the limit of streams is reached or the hub is closed.
    std::shared_ptr<Stream> open(std::vector<std::string> patterns);
    void release(const std::shared_ptr<Stream>& stream);
    // Ends every open stream and refuses new ones until reopen(): the admin
    // server calls it before it waits for requests in flight, which a live
    // stream would otherwise never let finish.
    void closeAll();
    void reopen();
    std::size_t streams() const;

private:
    void deliver(const Event& event);

    EventBus& bus_;
    const Options options_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Stream>> streams_;
    bool subscribed_ = false;
    EventBus::SubscriptionId subscription_ = 0;
    bool closed_ = false;
};

} // namespace passway::admin
