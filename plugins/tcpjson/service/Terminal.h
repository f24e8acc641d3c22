#pragma once

#include "passway/model/Device.h"
#include "net/Connection.h"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passway::tcpjson {

// The terminal's answer to one of the server's requests, or why none came.
struct Answer {
    enum class Outcome { Answered, TimedOut, Closed };
    Outcome outcome = Outcome::Answered;
    int code = 0;
    std::string message;
    Poco::JSON::Object::Ptr object;

    bool ok() const { return outcome == Outcome::Answered && code == 0; }
    std::string describe() const;
};

using AnswerHandler = std::function<void(const Answer&)>;

struct PendingRequest {
    std::string mod;
    std::int64_t deadlineMs = 0;
    AnswerHandler handler;
};

// Who a terminal is, once get_device_info said so.
struct TerminalIdentity {
    std::string uuid;
    std::int64_t deviceId = 0;
};

// One connection's protocol state: who the terminal is once it said so, the
// requests waiting for their session_id, its heartbeat, and its push pump.
// The identity is set once (under the mutex, together with what depends on
// it) and never changes after, so worker threads read it through uuid() and
// deviceId() without the lock. Fields below the mutex are guarded by it.
struct Terminal {
    explicit Terminal(std::shared_ptr<Connection> c) : connection(std::move(c)) {}

    const std::shared_ptr<Connection> connection;
    std::atomic<int> unhandled{0};      // objects received and not handled yet (bounded)

    // Null until identified; set once by identifyAs().
    std::atomic<std::shared_ptr<const TerminalIdentity>> identity;

    std::string uuid() const {
        const auto known = identity.load();
        return known ? known->uuid : std::string();
    }
    std::int64_t deviceId() const {
        const auto known = identity.load();
        return known ? known->deviceId : 0;
    }
    bool identified() const { return identity.load() != nullptr; }
    // For log lines: the uuid once known, else the peer address.
    std::string who() const {
        const auto known = identity.load();
        return known ? known->uuid : connection->peer();
    }
    // Sets the identity when none is set yet (call with the mutex held); false when it was already known.
    bool identifyAs(std::string uuidText, std::int64_t id) {
        std::shared_ptr<const TerminalIdentity> none;
        return identity.compare_exchange_strong(
            none, std::make_shared<const TerminalIdentity>(TerminalIdentity{std::move(uuidText), id}));
    }

    mutable std::mutex mutex;
    DeviceState state = DeviceState::Pending;
    bool replaced = false;              // a newer connection of the same uuid took over
    std::unordered_map<std::string, PendingRequest> pending;  // by session_id
    std::vector<std::string> early;     // requests received before it was identified
    std::size_t earlyBytes = 0;         // their size together (bounded by max_object_bytes)
    std::int64_t lastHeardMs = 0;
    std::int64_t lastPersistedMs = 0;
    int missedHeartbeats = 0;
    bool heartbeatOut = false;
    // The pump: one push in flight at a time.
    bool pumpBusy = false;
    bool pumpAgain = false;
    std::int64_t pumpRetryAtMs = 0;     // after a push got no answer
    std::int64_t syncDueAtMs = 0;       // a transient sync failure is due again then (0: none)
    std::string desiredDelivered;       // digest of the desired settings delivered on this connection
    bool clockPushPending = false;      // its clock is off: set_device_time is the pump's next push
    bool clockPushed = false;           // set_device_time was sent on this connection
};

} // namespace passway::tcpjson
