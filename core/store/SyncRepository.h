#pragma once

#include "model/SyncEntry.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace passway {

// One change of what a device should hold of a person (see want()).
struct SyncWant {
    std::int64_t deviceId = 0;
    std::uint32_t userId = 0;
    std::int64_t version = 0;
    bool removal = false;
};

// A device's confirmation that it holds `version` of the person.
struct SyncConfirmation {
    std::int64_t deviceId = 0;
    std::uint32_t userId = 0;
    std::int64_t version = 0;
};

// Rows of the sync ledger; the policy (who should hold whom) lives in the
// SyncReconciler (core/sync), not here.
class SyncRepository {
public:
    virtual ~SyncRepository() = default;

    // Sets what the device should hold of the person: `version` of it, or
    // nothing when `removal`. Clears the last error.
    virtual void want(std::int64_t deviceId, std::uint32_t userId, std::int64_t version, bool removal) = 0;
    // want() for each, in one transaction: one sync for a whole device's
    // reconcile, and all of them or none.
    virtual void wantAll(const std::vector<SyncWant>& wants) = 0;
    // The device confirmed `version`. If the wanted version has moved past it
    // meanwhile, the entry stays pending for the newer change.
    virtual void confirm(std::int64_t deviceId, std::uint32_t userId, std::int64_t version) = 0;
    // confirm() for each, in one transaction: a push to thousands of devices
    // costs one sync, not one per device.
    virtual void confirmAll(const std::vector<SyncConfirmation>& confirmations) = 0;
    // The last attempt failed for good: the entry is not handed out again
    // until it is wanted anew or retried.
    virtual void fail(std::int64_t deviceId, std::uint32_t userId, int code, const std::string& message) = 0;
    // The last attempt failed for now: handed out again from
    // now + min(initialMs * 2^(failures in a row - 1), maxMs).
    virtual void failTransient(std::int64_t deviceId, std::uint32_t userId, int code, const std::string& message,
                               std::int64_t initialMs, std::int64_t maxMs) = 0;
    // Failed entries of the device (only `userId`'s when given) are due
    // again now; their error is kept until the next attempt says otherwise.
    // Returns how many.
    virtual std::size_t retry(std::int64_t deviceId, std::optional<std::uint32_t> userId) = 0;
    // Pending entries of a device, oldest change first.
    virtual std::vector<SyncEntry> pendingFor(std::int64_t deviceId, bool removals, int limit) = 0;
    virtual std::vector<SyncEntry> forDevice(std::int64_t deviceId) = 0;
    virtual std::vector<SyncEntry> forPerson(std::uint32_t userId) = 0;
    virtual std::int64_t countPending() = 0;
    // The earliest retryAt of the device's pending transient failures.
    virtual std::optional<std::int64_t> nextRetryAt(std::int64_t deviceId) = 0;

    // What the device reported holding (query answers): a line per person,
    // replaced by the next report of that person.
    virtual void recordInventory(const InventoryEntry& entry) = 0;
    virtual std::vector<InventoryEntry> inventoryFor(std::int64_t deviceId) = 0;
    // The device holds nobody: its inventory is emptied.
    virtual void clearInventory(std::int64_t deviceId) = 0;
};

} // namespace passway
