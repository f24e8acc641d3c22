#pragma once

// A simulated HTTPv2 face terminal: its memory (TerminalModel), its sessions
// with the server (one keepalive cycle each), online authorization, and an
// optional background loop that runs a session every keepalive interval.
//
//   Terminal t(options);
//   t.runSession();                       // keepalive and whatever it asks for
//   t.addRecord({...});                   // uploaded in the next session
//   t.model().people();                   // what the terminal holds

#include "sim/httpv2/RecordSpec.h"
#include "sim/httpv2/TerminalModel.h"
#include "sim/httpv2/TerminalOptions.h"
#include "sim/httpv2/WireFormat.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace passway::sim::httpv2 {

struct Authorization {
    int httpStatus = 0;
    int success = -1;  // 0 refused, 1 allowed with a message, 2 allowed silently
    std::string message;
    std::string error;  // transport error
};

class Terminal {
public:
    explicit Terminal(TerminalOptions options);
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    const TerminalOptions& options() const { return options_; }
    const WireFormat& wire() const { return wire_; }
    TerminalModel& model() { return model_; }
    const TerminalModel& model() const { return model_; }

    // One keepalive cycle; serialised with other sessions of this terminal.
    SessionReport runSession();
    // Runs sessions until `done()` holds (checked after each) or `timeout`
    // passes, pausing `pause` between them. Returns done().
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                  std::chrono::milliseconds pause = std::chrono::milliseconds(50));
    SessionReport lastReport() const;
    int sessions() const;

    // Queues an identification record for the next session; returns its RecordID.
    std::uint64_t addRecord(RecordSpec record);
    // /Device/RequestAuthorization for a record happening now (RecordID: a
    // millisecond stamp unless set), over a connection of its own.
    Authorization requestAuthorization(RecordSpec record);

    // Background loop: a session every keepalive interval until stop().
    void start();
    void stop();
    std::chrono::milliseconds keepaliveInterval() const;

private:
    TerminalOptions options_;
    WireFormat wire_;
    TerminalModel model_;
    std::mutex sessionMutex_;
    mutable std::mutex stateMutex_;
    SessionReport last_;
    int sessions_ = 0;
    bool stopping_ = false;
    std::condition_variable wake_;
    std::thread loop_;
};

}  // namespace passway::sim::httpv2
