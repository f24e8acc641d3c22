#include "outbox/OutboxDispatcher.h"

#include "outbox/HttpCall.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <algorithm>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("outbox"); }

// Headers are stored as a JSON object of strings; anything else is ignored
// (the item was validated when it was queued).
void addHeaders(const std::string& json, HttpCallRequest& request) {
    try {
        const auto object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        for (const auto& [name, value] : *object) {
            if (value.isString()) request.headers[name] = value.toString();
        }
    } catch (const std::exception&) {
    }
}

bool permanent(int status) { return status >= 400 && status < 500 && status != 408 && status != 429; }

} // namespace

OutboxDispatcher::OutboxDispatcher(Store& store, OutboxOptions options) : store_(store), options_(options) {}

OutboxDispatcher::~OutboxDispatcher() { stop(); }

void OutboxDispatcher::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void OutboxDispatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxDispatcher::notify() {
    {
        std::lock_guard lock(mutex_);
        notified_ = true;
    }
    wake_.notify_all();
}

std::chrono::milliseconds OutboxDispatcher::backoffAfter(int attempts) const {
    const int doublings = std::clamp(attempts - 1, 0, 30);
    const auto delay = options_.backoff.count() * (std::int64_t{1} << doublings);
    return std::chrono::milliseconds(std::min<std::int64_t>(delay, options_.maxBackoff.count()));
}

void OutboxDispatcher::run() {
    while (true) {
        std::vector<OutboxItem> due;
        try {
            // Claimed, not just read: another host sharing the store must not
            // deliver the same items. The lease covers the whole batch.
            const std::int64_t now = nowMillis();
            const std::int64_t lease = options_.requestTimeout.count() * options_.batch + 5000;
            due = store_.outbox().claimDue(now, options_.batch, now + lease);
        } catch (const std::exception& e) {
            log().error(std::string("reading the outbox: ") + e.what());
        }
        for (const auto& item : due) {
            {
                std::lock_guard lock(mutex_);
                if (stopping_) return;
            }
            deliver(item);
        }
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        // A full batch means more may be due: look again at once.
        if (static_cast<int>(due.size()) < options_.batch) {
            wake_.wait_for(lock, options_.pollInterval, [this] { return stopping_ || notified_; });
        }
        notified_ = false;
        if (stopping_) return;
    }
}

void OutboxDispatcher::deliver(const OutboxItem& item) {
    HttpCallRequest request;
    request.method = item.method;
    request.url = item.url;
    request.body = item.body;
    request.timeout = options_.requestTimeout;
    request.maxResponseBytes = 64 * 1024;  // the answer is not kept; only its status counts
    addHeaders(item.headers, request);
    request.headers["Idempotency-Key"] = item.idempotencyKey.empty() ? "passway-outbox-" + std::to_string(item.id)
                                                                     : item.idempotencyKey;
    const HttpCallResult result = performHttpCall(request);
    try {
        if (result.ok()) {
            store_.outbox().markDelivered(item.id);
            ++delivered_;
            return;
        }
        ++failed_;
        const int attempts = item.attempts + 1;
        const std::string error = result.error.empty() ? "HTTP " + std::to_string(result.status) : result.error;
        const bool dead = attempts >= options_.maxAttempts || (result.error.empty() && permanent(result.status));
        const auto next = nowMillis() + backoffAfter(attempts).count();
        store_.outbox().markAttemptFailed(item.id, error, next, dead);
        // The URL may hold credentials in its query; the id and origin suffice.
        if (dead) {
            log().warning("outbox item " + std::to_string(item.id) + " (" + item.origin + ") is dead after " +
                          std::to_string(attempts) + " attempts: " + error);
        } else {
            log().information("outbox item " + std::to_string(item.id) + " (" + item.origin + ") attempt " +
                              std::to_string(attempts) + " failed: " + error + "; next in " +
                              std::to_string(backoffAfter(attempts).count()) + " ms");
        }
    } catch (const std::exception& e) {
        log().error("outbox item " + std::to_string(item.id) + ": writing the outcome: " + e.what());
    }
}

} // namespace passway
