#pragma once

#include <cstdint>
#include <string>

namespace passway {

// Where one durable subscriber stands, for /metrics and the admin API.
struct SubscriberStatus {
    std::string name;
    bool running = false;
    std::int64_t position = 0;     // last journal seq handled
    std::int64_t lastSeq = 0;      // newest in the journal
    std::int64_t lagEvents = 0;    // entries after the cursor (of every topic)
    double lagSeconds = 0;         // age of the oldest entry not handled yet
    std::int64_t deadLetters = 0;
};

} // namespace passway
