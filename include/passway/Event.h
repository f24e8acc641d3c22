#pragma once

#include <cstdint>
#include <string>

namespace passway {

// A canonical event. Topics are dotted (record.created, device.online, ...);
// the payload is a JSON object text whose fields each topic documents in the
// README. Events are immutable once published.
struct Event {
    std::string topic;
    std::string payload = "{}";
    std::string source;          // "core", a plugin id, or "script:<name>"
    std::int64_t at = 0;         // unix milliseconds; the bus fills it when 0
    std::uint64_t sequence = 0;  // filled by the bus, strictly increasing
};

} // namespace passway
