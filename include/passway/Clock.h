#pragma once

#include <chrono>
#include <cstdint>

namespace passway {

// Unix time in milliseconds: the one time unit of the store and the events.
inline std::int64_t nowMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace passway
