#pragma once

#include "service/Terminal.h"
#include "service/WorkQueue.h"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <memory>
#include <string>

namespace passway::tcpjson {

// Server → terminal requests: a fresh session_id each, the answer matched by
// it, a deadline each. Handlers run on the workers, exactly once: with the
// answer, at the deadline (TimedOut) or when the connection ends (Closed).
class Requester {
public:
    Requester(WorkQueue& workers, std::int64_t timeoutMs) : workers_(workers), timeoutMs_(timeoutMs) {}

    // False (and the handler called with Closed) when the connection is gone.
    bool send(const std::shared_ptr<Terminal>& terminal, const std::string& mod,
              const Poco::JSON::Object::Ptr& fields, AnswerHandler handler);
    // An answer arrived; false when no request waits for its session_id.
    bool answer(const std::shared_ptr<Terminal>& terminal, const std::string& sessionId, Answer answer);
    // Deadlines passed: handlers get TimedOut.
    void expire(const std::shared_ptr<Terminal>& terminal, std::int64_t nowMs);
    // The connection ended: every waiting handler gets Closed.
    void abandon(const std::shared_ptr<Terminal>& terminal);

    std::int64_t timeoutMs() const { return timeoutMs_; }
    std::uint64_t sent() const { return sent_; }

private:
    static std::string newSessionId();

    WorkQueue& workers_;
    const std::int64_t timeoutMs_;
    std::atomic<std::uint64_t> sent_{0};
};

} // namespace passway::tcpjson
