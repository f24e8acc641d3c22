#include "journal/JournalSubscriber.h"

#include "journal/EventJournal.h"
#include "store/Store.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <limits>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("journal"); }

constexpr std::size_t kMaxErrorText = 2000;

} // namespace

JournalSubscriber::JournalSubscriber(EventJournal& journal, std::string name, JournalConsumer& consumer,
                                     StartAt startAt)
    : journal_(journal), name_(std::move(name)), consumer_(consumer), startAt_(startAt) {}

JournalSubscriber::~JournalSubscriber() { stop(); }

void JournalSubscriber::start() {
    std::lock_guard lock(lifecycle_);
    if (thread_.joinable()) return;
    stopping_ = false;
    parked_ = false;
    resume();  // on the caller's thread: a store failure is the caller's to see
    running_ = true;
    journal_.attach(this);
    thread_ = std::thread([this] { run(); });
}

void JournalSubscriber::stop() {
    std::lock_guard lock(lifecycle_);
    stopping_ = true;
    journal_.wakeAll();
    if (thread_.joinable()) thread_.join();
    if (running_.exchange(false)) journal_.detach(this);
}

void JournalSubscriber::resume() {
    auto& store = journal_.store();
    const std::int64_t now = journal_.clock().nowMillis();
    std::int64_t position = 0;
    if (const auto cursor = store.journal().cursor(name_)) {
        position = cursor->position;
    } else {
        // A new subscriber starts now (or from the oldest entry kept, when
        // it asked): fixed in the store at once, so that a restart before
        // the first event does not move the start.
        position = startAt_ == StartAt::Now ? store.journal().lastSeq() : store.journal().oldestSeq() - 1;
        store.journal().saveCursor(name_, position, now);
    }
    const std::int64_t oldest = store.journal().oldestSeq();
    if (position + 1 < oldest) {
        // Never skipped silently: the consumer and the log say which.
        log().warning("subscriber " + name_ + " lost journal events " + std::to_string(position + 1) + ".." +
                      std::to_string(oldest - 1) + ": they were pruned (journal.retention_hours) while it was stopped");
        consumer_.lost(position + 1, oldest - 1);
        position = oldest - 1;
        store.journal().saveCursor(name_, position, now);
    }
    position_ = position;
}

void JournalSubscriber::run() {
    const auto& options = journal_.options();
    while (!stopping_) {
        if (parked_) {
            journal_.waitBeyond(std::numeric_limits<std::int64_t>::max(), options.poll, [this] { return stopping_.load(); });
            continue;
        }
        std::vector<JournalEntry> entries;
        try {
            entries = journal_.store().journal().readAfter(position_, options.batch);
        } catch (const std::exception& e) {
            log().error("subscriber " + name_ + " cannot read the journal: " + e.what());
            pause(options.poll);
            continue;
        }
        if (entries.empty()) {
            journal_.waitBeyond(position_, options.poll, [this] { return stopping_.load(); });
            continue;
        }
        deliver(entries);
    }
}

void JournalSubscriber::deliver(const std::vector<JournalEntry>& entries) {
    const auto started = std::chrono::steady_clock::now();
    std::int64_t handled = position_;
    std::vector<DeadLetter> dead;
    bool later = false;
    for (const auto& entry : entries) {
        if (stopping_) break;
        const Step step = deliverOne(entry, handled, dead);
        if (step == Step::Park) {
            parked_ = true;
            break;
        }
        if (step == Step::Later) {
            later = true;
            break;
        }
        // A long batch commits early: the cursor (and what the handlers
        // staged) should not wait behind slow handlers.
        if (std::chrono::steady_clock::now() - started > journal_.options().batchTime) break;
    }
    if (handled != position_ || !dead.empty()) {
        if (!commit(handled, dead)) {
            // The handled events will be handled again: what they staged is gone.
            consumer_.abandonStaged();
            pause(journal_.options().poll);
            return;
        }
    }
    if (later) {
        // The consumer's destination is down: what was handled is committed,
        // the deferred event is read again (first) after the wait.
        const auto wait = consumer_.retryAfter();
        pause(wait.count() > 0 ? wait : journal_.options().retryDelay);
    }
}

JournalSubscriber::Step JournalSubscriber::deliverOne(const JournalEntry& entry, std::int64_t& handled,
                                                     std::vector<DeadLetter>& dead) {
    if (!consumer_.wants(entry.topic)) {
        handled = entry.seq;
        return Step::Next;
    }
    Event event;
    event.topic = entry.topic;
    event.payload = entry.payload;
    event.source = entry.source;
    event.at = entry.at;
    event.sequence = static_cast<std::uint64_t>(entry.seq);
    const int attempts = journal_.options().attempts;
    std::string error;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        error.clear();
        switch (consumer_.handle(event, error)) {
        case JournalConsumer::Outcome::Done:
            handled = entry.seq;
            return Step::Next;
        case JournalConsumer::Outcome::Stopped:
            return Step::Park;
        case JournalConsumer::Outcome::Later:
            return Step::Later;  // not an attempt: never dead-lettered
        case JournalConsumer::Outcome::Failed:
            break;
        }
        if (attempt < attempts) {
            pause(journal_.options().retryDelay * attempt);
            if (stopping_) return Step::Next;  // not handled: the cursor stays before it
        }
    }
    dead.push_back(DeadLetter{0, name_, entry.seq, entry.topic, entry.payload, error.substr(0, kMaxErrorText), attempts,
                              journal_.clock().nowMillis()});
    log().warning("subscriber " + name_ + " gave up on " + entry.topic + " #" + std::to_string(entry.seq) + " after " +
                  std::to_string(attempts) + " attempts: " + error.substr(0, 300));
    handled = entry.seq;
    return Step::Next;
}

bool JournalSubscriber::commit(std::int64_t handled, const std::vector<DeadLetter>& dead) {
    auto& store = journal_.store();
    try {
        store.atomically([&] {
            consumer_.commitStaged();
            for (const auto& letter : dead) store.journal().addDeadLetter(letter);
            store.journal().saveCursor(name_, handled, journal_.clock().nowMillis());
        });
    } catch (const std::exception& e) {
        log().error("subscriber " + name_ + " cannot move its cursor to " + std::to_string(handled) + ": " + e.what());
        return false;
    }
    position_ = handled;
    consumer_.committed();
    return true;
}

void JournalSubscriber::pause(std::chrono::milliseconds delay) {
    const auto until = std::chrono::steady_clock::now() + delay;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
        journal_.waitBeyond(std::numeric_limits<std::int64_t>::max(),
                            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()),
                            [this] { return stopping_.load(); });
    }
}

SubscriberStatus JournalSubscriber::status() const {
    SubscriberStatus s;
    try {
        s = journal_.statusOf(name_, position_.load()).value_or(SubscriberStatus{});
    } catch (const std::exception&) {
        // A status without the store's numbers is better than none.
        s.name = name_;
        s.position = position_;
    }
    s.running = running_ && !parked_;
    return s;
}

} // namespace passway
