#pragma once

#include "passway/Event.h"

#include <functional>
#include <string>
#include <vector>

namespace passway {

// Where the bus writes the events that must outlive the process: the
// journal (core/journal). The bus itself stays an in-memory fan-out for live
// views; whatever acts on data reads the log from its own cursor.
class EventLog {
public:
    virtual ~EventLog() = default;

    // False for topics that only live subscribers care about (sync.wanted).
    virtual bool keeps(const std::string& topic) const = 0;
    // Appends the events, joining the calling thread's unit of work when one
    // is open, and fills each one's sequence and time. `then` runs once they
    // are committed (never, if the unit of work rolls back). Throws when the
    // store refuses; then nothing was appended.
    virtual void append(std::vector<Event>& events, std::function<void()> then) = 0;
};

} // namespace passway
