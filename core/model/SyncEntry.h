#pragma once

#include <cstdint>
#include <string>

namespace passway {

// Why the last attempt of a sync entry failed, which decides when it is
// tried again: a transient failure at retryAt (back-off), a permanent one
// not until the wanted state changes (the person, or the device's groups or
// contents) or an operator asks for a retry.
enum class SyncFailure { None, Transient, Permanent };

const char* toString(SyncFailure failure);            // "", "transient", "permanent"
SyncFailure syncFailureFromString(const std::string& name);  // unknown: None

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
    SyncFailure failure = SyncFailure::None;
    int attempts = 0;              // failures in a row
    std::int64_t retryAt = 0;      // unix ms; a transient failure is handed out again from then
    std::int64_t updatedAt = 0;

    bool pending() const { return confirmedVersion < wantedVersion; }
    // Handed out to the device now: pending, not refused for good, not waiting for a retry.
    bool due(std::int64_t nowMs) const {
        return pending() && failure != SyncFailure::Permanent &&
               !(failure == SyncFailure::Transient && retryAt > nowMs);
    }
};

// One line of what a device reported holding (a query or push-all answer).
struct InventoryEntry {
    std::int64_t deviceId = 0;
    std::uint32_t userId = 0;
    bool present = false;          // false: the device said it does not hold the person
    std::string summary = "{}";    // JSON object text: what it showed (name, cards, ...)
    std::int64_t reportedAt = 0;
};

} // namespace passway
