#pragma once

#include "bus/EventLog.h"
#include "journal/JournalOptions.h"
#include "journal/SubscriberStatus.h"
#include "passway/Clock.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace passway {

class JournalSubscriber;
class Store;

// The durable side of the event bus (its EventLog): events are appended to
// the store's journal in the publisher's unit of work, and durable
// subscribers (JournalSubscriber) read them from their own cursors. Also
// wakes those subscribers when something was appended, keeps the journal
// within its retention, and knows who is subscribed (lag for /metrics).
class EventJournal final : public EventLog {
public:
    EventJournal(Store& store, JournalOptions options = {}, const Clock& clock = Clock::system());
    ~EventJournal() override;  // stop()
    EventJournal(const EventJournal&) = delete;
    EventJournal& operator=(const EventJournal&) = delete;

    bool keeps(const std::string& topic) const override;
    void append(std::vector<Event>& events, std::function<void()> then) override;

    void start();  // the retention thread
    void stop();
    // Deletes what retention allows now; returns how many entries.
    std::int64_t prune();

    // Waits until an entry after `seq` is known, `timeout` passed, or
    // `stop()` returns true (checked whenever waiters are woken).
    void waitBeyond(std::int64_t seq, std::chrono::milliseconds timeout, const std::function<bool()>& stop);
    void wakeAll();
    // Another host appended up to `seq` (seen by this host's tail of a
    // shared journal): wakes the subscribers waiting beyond it.
    void noteElsewhere(std::int64_t seq) { noteAppended(seq); }
    std::int64_t lastSeq() const { return lastSeq_.load(); }

    Store& store() { return store_; }
    const Clock& clock() const { return clock_; }
    const JournalOptions& options() const { return options_; }

    void attach(JournalSubscriber* subscriber);
    void detach(JournalSubscriber* subscriber);
    std::vector<SubscriberStatus> subscribers() const;
    // Cursor and lag of `name` from the store, or from `livePosition` (a
    // running subscriber's, which may be ahead of the stored one).
    // nullopt: no such cursor.
    std::optional<SubscriberStatus> statusOf(const std::string& name, std::optional<std::int64_t> livePosition = {});
    // Moves `name`'s cursor to the newest entry (an operator's choice: the
    // events between are never handled by it). Call with the subscriber stopped.
    std::int64_t skipToNow(const std::string& name);

private:
    void noteAppended(std::int64_t seq);
    void maintain();

    Store& store_;
    const JournalOptions options_;
    const Clock& clock_;
    std::atomic<std::int64_t> lastSeq_{0};

    std::mutex waitMutex_;
    std::condition_variable appended_;

    mutable std::mutex subscribersMutex_;
    std::set<JournalSubscriber*> subscribers_;

    std::mutex maintainMutex_;
    std::condition_variable maintainWake_;
    bool stopping_ = false;
    std::thread maintainer_;
};

} // namespace passway
