#include "sync/SyncPolicy.h"

#include "sync/SyncVersion.h"

#include <algorithm>

namespace passway {

bool SyncPolicy::groupsMatch(const std::vector<std::string>& deviceGroups,
                             const std::vector<std::string>& personGroups) {
    if (deviceGroups.empty()) return true;
    return std::any_of(personGroups.begin(), personGroups.end(), [&](const std::string& group) {
        return std::find(deviceGroups.begin(), deviceGroups.end(), group) != deviceGroups.end();
    });
}

bool SyncPolicy::serves(const Device& device, const Person& person) {
    return device.state == DeviceState::Active && groupsMatch(device.accessGroups, person.accessGroups);
}

std::optional<SyncWant> SyncPolicy::nextWant(std::int64_t deviceId, std::uint32_t userId, const SyncEntry* entry,
                                             std::optional<std::int64_t> personVersion) {
    // Above everything this entry ever wanted or heard confirmed.
    const std::int64_t above = entry ? std::max(entry->wantedVersion, entry->confirmedVersion) + 1 : 1;
    if (!personVersion) {
        if (!entry || entry->removal) return std::nullopt;  // never held, or already being dropped
        return SyncWant{deviceId, userId, above, true};
    }
    if (entry && !entry->removal && personVersionOf(entry->wantedVersion) >= *personVersion) return std::nullopt;
    return SyncWant{deviceId, userId, std::max(syncVersionOf(*personVersion), entry ? above : 0), false};
}

} // namespace passway
