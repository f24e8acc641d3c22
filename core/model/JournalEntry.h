#pragma once

#include <cstdint>
#include <string>

namespace passway {

// One event as the journal holds it.
struct JournalEntry {
    std::int64_t seq = 0;       // filled by the journal, strictly increasing
    std::string topic;
    std::string source;
    std::string payload = "{}";  // JSON object text
    std::int64_t at = 0;        // unix ms
    std::string host = "";      // the host that appended it (a cluster's; "" on SQLite)
};

// An event a durable subscriber gave up on (after its attempts).
struct DeadLetter {
    std::int64_t id = 0;
    std::string subscriber;
    std::int64_t seq = 0;
    std::string topic;
    std::string payload;
    std::string error;
    int attempts = 0;
    std::int64_t at = 0;
};

// A durable subscriber's place in the journal.
struct JournalCursor {
    std::string subscriber;
    std::int64_t position = 0;   // every entry up to here is handled
    std::int64_t updatedAt = 0;
};

} // namespace passway
