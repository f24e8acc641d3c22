#include "service/Requester.h"

#include "passway/Clock.h"
#include "wire/Envelope.h"

#include <Poco/UUIDGenerator.h>

#include <chrono>
#include <vector>

namespace passway::tcpjson {

std::string Answer::describe() const {
    switch (outcome) {
    case Outcome::TimedOut: return "no answer in time";
    case Outcome::Closed: return "connection closed before the answer";
    case Outcome::Answered: break;
    }
    return "code " + std::to_string(code) + (message.empty() ? "" : ": " + message);
}

std::string Requester::newSessionId() {
    // The document's session ids are UUIDs ("de6a6236-db52-11e9-aaa8-00e04c110030").
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

bool Requester::send(const std::shared_ptr<Terminal>& terminal, const std::string& mod,
                     const Poco::JSON::Object::Ptr& fields, AnswerHandler handler) {
    const std::string sessionId = newSessionId();
    {
        std::lock_guard lock(terminal->mutex);
        terminal->pending[sessionId] = PendingRequest{mod, nowMillis() + timeoutMs_, handler};
    }
    if (terminal->connection->send(Envelope::request(mod, sessionId, fields))) {
        ++sent_;
        return true;
    }
    {
        std::lock_guard lock(terminal->mutex);
        terminal->pending.erase(sessionId);
    }
    Answer closed;
    closed.outcome = Answer::Outcome::Closed;
    workers_.post([handler, closed] { handler(closed); });
    return false;
}

bool Requester::answer(const std::shared_ptr<Terminal>& terminal, const std::string& sessionId, Answer answer) {
    AnswerHandler handler;
    {
        std::lock_guard lock(terminal->mutex);
        const auto found = terminal->pending.find(sessionId);
        if (found == terminal->pending.end()) return false;
        handler = std::move(found->second.handler);
        terminal->pending.erase(found);
    }
    handler(answer);
    return true;
}

void Requester::expire(const std::shared_ptr<Terminal>& terminal, std::int64_t nowMs) {
    std::vector<AnswerHandler> late;
    {
        std::lock_guard lock(terminal->mutex);
        for (auto it = terminal->pending.begin(); it != terminal->pending.end();) {
            if (it->second.deadlineMs <= nowMs) {
                late.push_back(std::move(it->second.handler));
                it = terminal->pending.erase(it);
            } else {
                ++it;
            }
        }
    }
    Answer timedOut;
    timedOut.outcome = Answer::Outcome::TimedOut;
    for (auto& handler : late) workers_.post([handler = std::move(handler), timedOut] { handler(timedOut); });
}

void Requester::abandon(const std::shared_ptr<Terminal>& terminal) {
    std::vector<AnswerHandler> waiting;
    {
        std::lock_guard lock(terminal->mutex);
        for (auto& [id, request] : terminal->pending) waiting.push_back(std::move(request.handler));
        terminal->pending.clear();
    }
    Answer closed;
    closed.outcome = Answer::Outcome::Closed;
    for (auto& handler : waiting) workers_.post([handler = std::move(handler), closed] { handler(closed); });
}

} // namespace passway::tcpjson
