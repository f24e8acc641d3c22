#pragma once

#include <cstdint>
#include <string>

namespace passway {

// What one device should hold of one person versus what it confirmed.
// `removal` says the wanted state is "absent": the person must be deleted there.
// Every change (edit or removal) bumps wantedVersion; the device confirms by
// version, so a confirmation of an older version never hides a newer change.
struct SyncEntry {
    std::int64_t deviceId = 0;
    std::uint32_t userId = 0;
    std::int64_t wantedVersion = 0;
    std::int64_t confirmedVersion = 0;
    bool removal = false;
    int lastErrorCode = 0;         // protocol's error code from the last failed attempt, 0 = none
    std::string lastError;         // its meaning, for people
    std::int64_t updatedAt = 0;

    bool pending() const { return confirmedVersion < wantedVersion; }
};

} // namespace passway
