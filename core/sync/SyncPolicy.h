#pragma once

#include "passway/model/Device.h"
#include "passway/model/Person.h"
#include "model/SyncEntry.h"
#include "store/SyncRepository.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// Who should hold whom, and the ledger change that gets them there. Pure
// functions: the SyncReconciler reads the store, asks these, writes back.
class SyncPolicy {
public:
    // A device with no access groups serves every person; one with groups
    // serves the persons who share at least one of them. Blacklisted persons
    // are served too: a terminal has to know whom to refuse.
    static bool groupsMatch(const std::vector<std::string>& deviceGroups,
                            const std::vector<std::string>& personGroups);
    // groupsMatch, on an active device only.
    static bool serves(const Device& device, const Person& person);

    // The want that makes `entry` (nullptr: the device has none for the
    // person) say "hold the person at `personVersion`" or, without a version,
    // "hold nothing"; nullopt when it says so already. Never re-wants an
    // entry that already wants this (so a restart keeps what devices
    // confirmed, and a protocol's error stays recorded), and every new wanted
    // version is above the entry's wanted and confirmed ones (SyncVersion.h).
    static std::optional<SyncWant> nextWant(std::int64_t deviceId, std::uint32_t userId, const SyncEntry* entry,
                                            std::optional<std::int64_t> personVersion);
};

} // namespace passway
