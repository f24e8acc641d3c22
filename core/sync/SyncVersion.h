#pragma once

#include <cstdint>

namespace passway {

// The versions in the sync ledger are the person's version times 1000, plus
// the number of times the wanted state of the entry changed while the person
// did not. A device whose access groups change must drop a person it holds
// at version 3 and may get them back later, still at version 3; each of
// those wants needs a version above every one handed out before, so that a
// late confirmation of an earlier push can never stand for the new one:
// 3000 (hold), 3001 (drop), 3002 (hold again). The person's next edit, 4000,
// is above all of them.
//
// Plugins treat these versions as opaque: they push what pendingFor() gives
// and confirm the wantedVersion they pushed.
inline constexpr std::int64_t kSyncVersionsPerPersonVersion = 1000;

constexpr std::int64_t syncVersionOf(std::int64_t personVersion) {
    return personVersion * kSyncVersionsPerPersonVersion;
}

// The person version a ledger version stands for.
constexpr std::int64_t personVersionOf(std::int64_t syncVersion) {
    return syncVersion / kSyncVersionsPerPersonVersion;
}

} // namespace passway
