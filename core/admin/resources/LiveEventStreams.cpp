#include "admin/resources/LiveEventStreams.h"

#include "admin/json/Json.h"
#include "store/Store.h"

#include <algorithm>
#include <sstream>

namespace passway::admin {

namespace {

// Chunks a stream may have waiting for its client before events are held
// back in the hub's queue instead.
constexpr std::size_t kMaxPendingChunks = 4;

// How often the keeper looks at every stream at most: a closed tab's slot
// comes back at once (the server sees the close), a disabled user's stream
// ends within a heartbeat.
constexpr std::chrono::milliseconds kMaxTick{500};

// One SSE message: `id` is the bus sequence, `data` one line of JSON (JSON
// text never holds a raw line break, and the payload was re-serialized by
// the hub, so the framing cannot be broken from inside an event).
void writeEvent(std::ostream& out, const Event& event) {
    out << "id: " << event.sequence << "\n"
        << "data: {\"topic\":" << json::stringify(event.topic) << ",\"at\":" << event.at
        << ",\"source\":" << json::stringify(event.source) << ",\"payload\":" << event.payload << "}\n\n";
}

bool sameSession(Store& store, const AdminUser& user) {
    try {
        const auto now = store.users().find(user.id);
        return now && !now->disabled && now->passwordHash == user.passwordHash;
    } catch (const std::exception&) {
        return true;  // a busy store is no reason to cut a live view; the next heartbeat checks again
    }
}

} // namespace

LiveEventStreams::LiveEventStreams(EventStreamHub& hub, Store& store, std::chrono::milliseconds heartbeat)
    : hub_(hub), store_(store), heartbeat_(heartbeat), thread_([this] { run(); }) {}

LiveEventStreams::~LiveEventStreams() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    std::vector<std::shared_ptr<Live>> left;
    {
        std::lock_guard lock(mutex_);
        left.swap(live_);
    }
    for (auto& live : left) {
        std::lock_guard lock(live->mutex);
        end(*live);
    }
}

void LiveEventStreams::add(std::shared_ptr<EventStreamHub::Stream> events, AdminUser user,
                           std::shared_ptr<net::HttpStream> out) {
    auto live = std::make_shared<Live>();
    live->events = std::move(events);
    live->out = std::move(out);
    live->user = std::move(user);
    live->lastWrite = std::chrono::steady_clock::now();
    // The browser reconnects after `retry` ms if the stream breaks.
    live->out->write("retry: 3000\n: connected\n\n");
    std::weak_ptr<Live> weak = live;
    live->out->onClose([this, weak] {
        if (auto l = weak.lock()) {
            std::lock_guard lock(l->mutex);
            end(*l);
        }
    });
    live->events->onActivity([this, weak] {
        if (auto l = weak.lock()) pump(*l);
    });
    {
        std::lock_guard lock(mutex_);
        live_.push_back(live);
    }
    pump(*live);  // events that came between open and now
}

void LiveEventStreams::pump(Live& live) {
    std::lock_guard lock(live.mutex);
    if (live.ended) return;
    if (live.out->pending() > kMaxPendingChunks) return;
    auto batch = live.events->wait(std::chrono::milliseconds(0));
    if (batch.closed) {
        end(live);
        return;
    }
    if (batch.events.empty() && batch.dropped == 0) return;
    std::ostringstream text;
    if (batch.dropped > 0)
        text << "data: {\"topic\":\"stream.dropped\",\"payload\":{\"dropped\":" << batch.dropped << "}}\n\n";
    for (const auto& event : batch.events) writeEvent(text, event);
    if (!live.out->write(text.str())) {
        end(live);
        return;
    }
    live.lastWrite = std::chrono::steady_clock::now();
}

void LiveEventStreams::end(Live& live) {
    if (live.ended) return;
    live.ended = true;
    live.events->onActivity(nullptr);
    live.out->finish();
    hub_.release(live.events);
}

void LiveEventStreams::run() {
    const auto tick = std::max(std::chrono::milliseconds(5), std::min(kMaxTick, heartbeat_ / 2));
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, tick);
        if (stopping_) break;
        std::erase_if(live_, [](const std::shared_ptr<Live>& l) {
            std::lock_guard liveLock(l->mutex);
            return l->ended;
        });
        auto streams = live_;
        lock.unlock();
        const auto now = std::chrono::steady_clock::now();
        for (auto& live : streams) {
            pump(*live);  // events held back while the client was behind
            std::lock_guard liveLock(live->mutex);
            if (live->ended || now - live->lastWrite < heartbeat_) continue;
            if (!sameSession(store_, live->user) || !live->out->write(": heartbeat\n\n")) {
                end(*live);
                continue;
            }
            live->lastWrite = now;
        }
        lock.lock();
    }
}

} // namespace passway::admin
