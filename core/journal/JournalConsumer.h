#pragma once

#include "passway/Event.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace passway {

// What a durable subscriber (JournalSubscriber) feeds: a script, the face
// record matcher, a plugin's uplink. Called on the subscriber's own thread.
class JournalConsumer {
public:
    enum class Outcome {
        Done,     // handled: the cursor may move past it
        Failed,   // retried, then dead-lettered; `error` says why
        Stopped,  // the consumer cannot take events now (failed, disabled): stay before this one
        Later,    // not yet (its destination is down): stay before it, wait retryAfter(), try again; never dead-lettered
    };

    virtual ~JournalConsumer() = default;

    virtual bool wants(const std::string& topic) const = 0;
    // At least once: after a crash, events handled since the last cursor
    // move are handled again. `event.sequence` is the journal seq.
    virtual Outcome handle(const Event& event, std::string& error) = 0;

    // Writes kept back by the handled events (e.g. outbox items), run inside
    // the unit of work that moves the cursor: both commit, or neither.
    virtual void commitStaged() {}
    virtual void committed() {}        // after that unit of work
    virtual void abandonStaged() {}    // it failed: the events will be handled again
    // Entries (from..to) were pruned before this consumer read them.
    virtual void lost(std::int64_t /*from*/, std::int64_t /*to*/) {}
    // How long to wait after Outcome::Later (the subscriber's own retry delay when zero).
    virtual std::chrono::milliseconds retryAfter() const { return std::chrono::milliseconds(0); }
};

} // namespace passway
