#pragma once

#include "journal/JournalConsumer.h"
#include "journal/SubscriberStatus.h"
#include "model/JournalEntry.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway {

class EventJournal;

// A durable subscriber: one thread that reads the journal from this
// subscriber's cursor (persisted in the store under `name`) in batches and
// feeds its consumer, at least once and in seq order. The cursor moves only
// after the handlers returned, in one unit of work with what they staged and
// with the dead letters of events that failed every attempt. After a crash
// the subscriber resumes where its last cursor move left it.
class JournalSubscriber {
public:
    enum class StartAt { Now, Oldest };  // for a name with no cursor yet

    JournalSubscriber(EventJournal& journal, std::string name, JournalConsumer& consumer,
                      StartAt startAt = StartAt::Now);
    ~JournalSubscriber();  // stop()
    JournalSubscriber(const JournalSubscriber&) = delete;
    JournalSubscriber& operator=(const JournalSubscriber&) = delete;

    void start();
    // Finishes the event in hand, moves the cursor past what was handled and
    // returns. Never call it from the consumer's handler.
    void stop();

    const std::string& name() const { return name_; }
    bool running() const { return running_.load(); }
    std::int64_t position() const { return position_.load(); }
    SubscriberStatus status() const;

private:
    void run();
    void resume();                                   // the cursor, and what was pruned meanwhile
    void deliver(const std::vector<JournalEntry>& entries);
    // What became of one event after its attempts.
    enum class Step { Next, Park, Later };
    Step deliverOne(const JournalEntry& entry, std::int64_t& handled, std::vector<DeadLetter>& dead);
    bool commit(std::int64_t handled, const std::vector<DeadLetter>& dead);
    void pause(std::chrono::milliseconds delay);    // interrupted by stop()

    EventJournal& journal_;
    const std::string name_;
    JournalConsumer& consumer_;
    const StartAt startAt_;

    std::atomic<std::int64_t> position_{0};
    std::atomic<bool> running_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> parked_{false};  // the consumer answered Stopped: read nothing more until stop()
    std::mutex lifecycle_;
    std::thread thread_;
};

} // namespace passway
