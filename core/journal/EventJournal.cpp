#include "journal/EventJournal.h"

#include "journal/JournalSubscriber.h"
#include "store/Store.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <memory>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("journal"); }

} // namespace

EventJournal::EventJournal(Store& store, JournalOptions options, const Clock& clock)
    : store_(store), options_(options), clock_(clock) {
    lastSeq_ = store_.journal().lastSeq();
}

EventJournal::~EventJournal() { stop(); }

bool EventJournal::keeps(const std::string& topic) const {
    // The reconciler's note to plugins: derived from person and device
    // changes (which are journaled) and re-derived by its full pass. In a
    // cluster it is kept all the same: it carries the note to the host that
    // holds the device, whose own reconciler finds nothing left to change.
    return topic != "sync.wanted" || !options_.host.empty();
}

void EventJournal::append(std::vector<Event>& events, std::function<void()> then) {
    std::vector<JournalEntry> entries;
    entries.reserve(events.size());
    const std::int64_t now = clock_.nowMillis();
    for (const auto& event : events) {
        entries.push_back(
            JournalEntry{0, event.topic, event.source, event.payload, event.at != 0 ? event.at : now, options_.host});
    }
    store_.journal().append(entries);  // joins the publisher's unit of work
    for (std::size_t i = 0; i < events.size(); ++i) {
        events[i].sequence = static_cast<std::uint64_t>(entries[i].seq);
        events[i].at = entries[i].at;
    }
    const std::int64_t last = entries.back().seq;
    store_.afterCommit([this, last, then = std::move(then)] {
        noteAppended(last);
        if (then) then();
    });
}

void EventJournal::noteAppended(std::int64_t seq) {
    {
        std::lock_guard lock(waitMutex_);
        std::int64_t known = lastSeq_.load();
        while (known < seq && !lastSeq_.compare_exchange_weak(known, seq)) {
        }
    }
    appended_.notify_all();
}

void EventJournal::waitBeyond(std::int64_t seq, std::chrono::milliseconds timeout, const std::function<bool()>& stop) {
    std::unique_lock lock(waitMutex_);
    appended_.wait_for(lock, timeout, [&] { return lastSeq_.load() > seq || stop(); });
}

void EventJournal::wakeAll() {
    { std::lock_guard lock(waitMutex_); }
    appended_.notify_all();
}

void EventJournal::start() {
    std::lock_guard lock(maintainMutex_);
    if (maintainer_.joinable()) return;
    stopping_ = false;
    maintainer_ = std::thread([this] { maintain(); });
}

void EventJournal::stop() {
    {
        std::lock_guard lock(maintainMutex_);
        stopping_ = true;
    }
    maintainWake_.notify_all();
    if (maintainer_.joinable()) maintainer_.join();
    wakeAll();
}

void EventJournal::maintain() {
    std::unique_lock lock(maintainMutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            prune();
        } catch (const std::exception& e) {
            log().error(std::string("pruning the journal: ") + e.what());
        }
        lock.lock();
        maintainWake_.wait_for(lock, options_.pruneEvery, [this] { return stopping_; });
    }
}

std::int64_t EventJournal::prune() {
    const std::int64_t now = clock_.nowMillis();
    const std::int64_t before = now - std::chrono::duration_cast<std::chrono::milliseconds>(options_.retention).count();
    // A cursor moved within the retention period belongs to a live
    // subscriber, which must never lose an entry; one that has not moved for
    // that long belongs to a subscriber stopped that long, which is told what
    // it lost when it comes back (JournalSubscriber).
    std::int64_t upTo = store_.journal().lastSeq();
    for (const auto& cursor : store_.journal().cursors()) {
        if (cursor.updatedAt >= before) upTo = std::min(upTo, cursor.position);
    }
    {
        std::lock_guard lock(subscribersMutex_);
        for (auto* subscriber : subscribers_) {
            if (subscriber->running()) upTo = std::min(upTo, subscriber->position());
        }
    }
    const std::int64_t pruned = store_.journal().prune(upTo, before);
    if (pruned > 0) log().information("journal: pruned " + std::to_string(pruned) + " entries up to seq " + std::to_string(upTo));
    return pruned;
}

void EventJournal::attach(JournalSubscriber* subscriber) {
    std::lock_guard lock(subscribersMutex_);
    subscribers_.insert(subscriber);
}

void EventJournal::detach(JournalSubscriber* subscriber) {
    std::lock_guard lock(subscribersMutex_);
    subscribers_.erase(subscriber);
}

std::vector<SubscriberStatus> EventJournal::subscribers() const {
    // Under the lock: a subscriber detaches (and may be destroyed) only
    // when no status is being read.
    std::lock_guard lock(subscribersMutex_);
    std::vector<SubscriberStatus> out;
    for (auto* subscriber : subscribers_) out.push_back(subscriber->status());
    return out;
}

} // namespace passway

namespace passway {

std::optional<SubscriberStatus> EventJournal::statusOf(const std::string& name, std::optional<std::int64_t> livePosition) {
    SubscriberStatus s;
    s.name = name;
    if (livePosition) {
        s.position = *livePosition;
    } else if (const auto cursor = store_.journal().cursor(name)) {
        s.position = cursor->position;
    } else {
        return std::nullopt;
    }
    s.lastSeq = std::max(lastSeq_.load(), s.position);
    s.lagEvents = s.lastSeq - s.position;
    if (s.lagEvents > 0) {
        if (const auto at = store_.journal().atAfter(s.position)) {
            s.lagSeconds = std::max<double>(0, double(clock_.nowMillis() - *at) / 1000.0);
        }
    }
    s.deadLetters = store_.journal().countDeadLetters(name);
    return s;
}

std::int64_t EventJournal::skipToNow(const std::string& name) {
    const std::int64_t last = store_.journal().lastSeq();
    store_.journal().saveCursor(name, last, clock_.nowMillis());
    log().notice("subscriber " + name + " skipped to journal seq " + std::to_string(last));
    return last;
}

} // namespace passway
