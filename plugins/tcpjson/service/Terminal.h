#pragma once

#include "model/Device.h"
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

// One connection's protocol state: who the terminal is once it said so, the
// requests waiting for their session_id, its heartbeat, and its push pump.
// Fields below the mutex are guarded by it.
struct Terminal {
    explicit Terminal(std::shared_ptr<Connection> c) : connection(std::move(c)) {}

    const std::shared_ptr<Connection> connection;
    std::atomic<int> unhandled{0};      // objects received and not handled yet (bounded)

    mutable std::mutex mutex;
    std::string uuid;                   // empty until get_device_info was answered
    std::int64_t deviceId = 0;
    DeviceState state = DeviceState::Pending;
    bool replaced = false;              // a newer connection of the same uuid took over
    std::unordered_map<std::string, PendingRequest> pending;  // by session_id
    std::vector<std::string> early;     // requests received before it was identified
    std::int64_t lastHeardMs = 0;
    std::int64_t lastPersistedMs = 0;
    int missedHeartbeats = 0;
    bool heartbeatOut = false;
    // The pump: one push in flight at a time.
    bool pumpBusy = false;
    bool pumpAgain = false;
    std::int64_t pumpRetryAtMs = 0;     // after a push got no answer
    std::string desiredDelivered;       // digest of the desired settings delivered on this connection

    bool identified() const { return deviceId != 0; }
};

} // namespace passway::tcpjson
