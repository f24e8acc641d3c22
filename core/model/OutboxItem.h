#pragma once

#include <cstdint>
#include <string>

namespace passway {

enum class OutboxState { Pending, Delivered, Dead };

const char* toString(OutboxState state);
OutboxState outboxStateFromString(const std::string& name);  // throws std::invalid_argument

// One durable outbound delivery (written before it is attempted).
struct OutboxItem {
    std::int64_t id = 0;
    std::string origin;            // script name or component that queued it
    std::string method = "POST";
    std::string url;
    std::string headers = "{}";    // JSON object text
    std::string body;
    std::string idempotencyKey;    // sent as a header so receivers can de-duplicate
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::int64_t nextAttemptAt = 0; // unix milliseconds
    std::string lastError;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

} // namespace passway
