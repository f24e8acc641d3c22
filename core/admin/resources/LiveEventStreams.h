#pragma once

#include "admin/resources/EventStreamHub.h"
#include "model/AdminUser.h"
#include "passway/net/HttpHandler.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace passway {
class Store;
}

namespace passway::admin {

// The open live event streams, written without a thread each: events are
// written by the thread that hands them to the hub (the bus's), and one
// thread for all streams sends heartbeats and checks each stream's session.
// A stream whose client is behind (chunks not yet taken by the kernel) is
// not written to: its events wait in its hub queue, which drops the oldest,
// so a slow browser loses events (and is told), never memory.
class LiveEventStreams {
public:
    LiveEventStreams(EventStreamHub& hub, Store& store, std::chrono::milliseconds heartbeat);
    ~LiveEventStreams();
    LiveEventStreams(const LiveEventStreams&) = delete;
    LiveEventStreams& operator=(const LiveEventStreams&) = delete;

    // Takes over `events` (a hub slot) and `out` (the open HTTP stream) until either ends.
    void add(std::shared_ptr<EventStreamHub::Stream> events, AdminUser user, std::shared_ptr<net::HttpStream> out);

private:
    struct Live {
        std::mutex mutex;
        std::shared_ptr<EventStreamHub::Stream> events;
        std::shared_ptr<net::HttpStream> out;
        AdminUser user;
        std::chrono::steady_clock::time_point lastWrite;
        bool ended = false;
    };

    void pump(Live& live);
    void end(Live& live);  // call with live.mutex held
    void run();

    EventStreamHub& hub_;
    Store& store_;
    const std::chrono::milliseconds heartbeat_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::shared_ptr<Live>> live_;
    std::thread thread_;
};

} // namespace passway::admin
