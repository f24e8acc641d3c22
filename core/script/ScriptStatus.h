#pragma once

#include "journal/SubscriberStatus.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

enum class ScriptState {
    Running,   // loaded, handlers subscribed
    Disabled,  // by an operator (kept across restarts)
    Failed,    // did not compile or load, or failed maxFailures times in a row
};

const char* toString(ScriptState state);

struct ScriptError {
    std::int64_t at = 0;       // unix milliseconds
    std::string where;         // load, a topic, authorize, timer
    std::string message;
};

struct ScriptStatus {
    std::string name;
    ScriptState state = ScriptState::Failed;
    std::int64_t loadedAt = 0;
    std::uint64_t calls = 0;
    std::uint64_t errors = 0;
    int consecutiveErrors = 0;
    std::string lastError;
    std::vector<std::string> topics;
    bool authorizes = false;
    std::size_t memoryBytes = 0;
    // Its durable subscriber's cursor and lag (also while disabled or
    // failed: the cursor waits). nullopt without a journal or a cursor.
    std::optional<SubscriberStatus> journal;
};

// What a test run of a script with a sample event gave.
struct ScriptTestRun {
    bool ok = false;
    std::string resultJson = "null";   // the first handler's first return value
    std::string error;
    std::vector<std::string> log;      // lines the script logged during the run
    std::int64_t elapsedMicros = 0;
    int handlers = 0;                  // how many handlers the event reached
};

} // namespace passway
