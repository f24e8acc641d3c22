#include "plugin/services/PluginSync.h"

#include "passway/Clock.h"
#include "plugin/services/HostCall.h"
#include "store/Store.h"
#include "sync/SyncVersion.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace passway::plugin {

namespace {

constexpr int kMaxScan = 20000;

bool servedBy(const std::vector<std::string>& deviceGroups, const std::vector<std::string>& personGroups) {
    if (deviceGroups.empty()) return true;
    return std::any_of(personGroups.begin(), personGroups.end(), [&](const std::string& group) {
        return std::find(deviceGroups.begin(), deviceGroups.end(), group) != deviceGroups.end();
    });
}

std::optional<SyncEntry> entryOf(Store& store, std::int64_t deviceId, std::uint32_t userId) {
    for (auto& entry : store.sync().forPerson(userId)) {
        if (entry.deviceId == deviceId) return entry;
    }
    return std::nullopt;
}

} // namespace

std::vector<SyncTask> PluginSync::next(std::int64_t deviceId, bool removals, int limit, const Skip& skip) {
    std::vector<SyncTask> out;
    if (limit <= 0) return out;
    const std::int64_t now = nowMillis();
    // Entries left out (failed, in flight) sit at the front of the queue:
    // fetch more until `limit` usable ones are found or the ledger ends.
    for (int fetch = limit + 16;; fetch = std::min(fetch * 4, kMaxScan)) {
        const auto rows = hostCall([&] { return scope_.store.sync().pendingFor(deviceId, removals, fetch); });
        out.clear();
        for (const auto& entry : rows) {
            // Refused for this want (not again until it changes), or waiting out a back-off.
            if (!entry.due(now)) continue;
            if (skip && skip(entry.userId)) continue;
            out.push_back(SyncTask{entry.userId, entry.removal, entry.confirmedVersion > 0, entry.wantedVersion});
            if (static_cast<int>(out.size()) == limit) return out;
        }
        if (static_cast<int>(rows.size()) < fetch || fetch >= kMaxScan) return out;
    }
}

void PluginSync::confirm(std::int64_t deviceId, const SyncTask& task) {
    hostCall([&] { scope_.store.sync().confirm(deviceId, task.userId, task.ticket); });
}

void PluginSync::confirmAll(const std::vector<SyncDone>& done) {
    std::vector<SyncConfirmation> confirmations;
    confirmations.reserve(done.size());
    for (const auto& d : done) confirmations.push_back(SyncConfirmation{d.deviceId, d.userId, d.ticket});
    hostCall([&] { scope_.store.sync().confirmAll(confirmations); });
}

void PluginSync::fail(std::int64_t deviceId, std::uint32_t userId, SyncFailureKind kind, int code,
                      const std::string& message) {
    // A transient failure is handed out again after its back-off; a
    // permanent one parks the entry until the want changes. Either keeps the
    // code for people (never 0, which would read as "no error").
    const int stored = code == 0 ? 1 : code;
    if (kind == SyncFailureKind::Transient) {
        hostCall([&] {
            scope_.store.sync().failTransient(deviceId, userId, stored, message, policy_.syncRetryInitialMs,
                                              policy_.syncRetryMaxMs);
        });
    } else {
        hostCall([&] { scope_.store.sync().fail(deviceId, userId, stored, message); });
    }
}

void PluginSync::removedOnDevice(std::int64_t deviceId, std::uint32_t userId) {
    const auto entry = hostCall([&] { return entryOf(scope_.store, deviceId, userId); });
    if (!entry || entry->removal || entry->pending()) return;
    hostCall([&] {
        scope_.store.sync().want(deviceId, userId, std::max(entry->wantedVersion, entry->confirmedVersion) + 1, false);
    });
    scope_.logger.information("person " + std::to_string(userId) + " was deleted on terminal device " +
                              std::to_string(deviceId) + "; it is sent again");
}

void PluginSync::cleared(std::int64_t deviceId) {
    auto& sync = scope_.store.sync();
    std::vector<SyncWant> reopen;
    std::vector<SyncConfirmation> removed;
    for (const auto& entry : hostCall([&] { return sync.forDevice(deviceId); })) {
        if (entry.removal) {
            if (entry.pending()) removed.push_back(SyncConfirmation{deviceId, entry.userId, entry.wantedVersion});
        } else if (entry.confirmedVersion > 0) {
            reopen.push_back(
                SyncWant{deviceId, entry.userId, std::max(entry.wantedVersion, entry.confirmedVersion) + 1, false});
        }
    }
    hostCall([&] {
        scope_.store.atomically([&] {
            sync.confirmAll(removed);
            sync.wantAll(reopen);
            sync.clearInventory(deviceId);
        });
    });
    scope_.logger.information("terminal device " + std::to_string(deviceId) + " holds nobody now: " +
                              std::to_string(removed.size()) + " removals done, " + std::to_string(reopen.size()) +
                              " persons to send again");
}

void PluginSync::reportHeld(std::int64_t deviceId, const HeldPerson& person) {
    hostCall([&] {
        scope_.store.sync().recordInventory(InventoryEntry{deviceId, person.userId, person.present, person.summary, 0});
    });
    if (!person.present) removedOnDevice(deviceId, person.userId);  // the ledger said it holds them: send again
}

std::int64_t PluginSync::heldCount(std::int64_t deviceId) {
    std::int64_t held = 0;
    for (const auto& entry : hostCall([&] { return scope_.store.sync().forDevice(deviceId); })) {
        // Confirmed and not reopened since: an entry pending again (an edit,
        // or a clear that is being refilled) is not counted, so a terminal
        // still refilling after a wipe does not look wiped again.
        if (!entry.removal && entry.confirmedVersion > 0 && !entry.pending()) ++held;
    }
    return held;
}

std::optional<std::int64_t> PluginSync::nextRetryAt(std::int64_t deviceId) {
    return hostCall([&] { return scope_.store.sync().nextRetryAt(deviceId); });
}

void PluginSync::held(const Device& device, const Person& person) {
    if (device.state != DeviceState::Active) return;
    if (!servedBy(device.accessGroups, person.accessGroups)) return;  // the reconciler decides about others
    auto& sync = scope_.store.sync();
    const std::int64_t version = syncVersionOf(person.version);
    const auto entry = hostCall([&] { return entryOf(scope_.store, device.id, person.userId); });
    if (entry && !entry->removal && personVersionOf(entry->wantedVersion) == person.version) {
        hostCall([&] { sync.confirm(device.id, person.userId, entry->wantedVersion); });  // the reconciler was first
        return;
    }
    if (entry && personVersionOf(entry->wantedVersion) > person.version) return;  // changed again since
    // Written here rather than by the reconciler so that the terminal is not
    // sent back what it just reported: the reconciler sees this entry already
    // wanting the person's version and leaves it alone.
    const std::int64_t wanted =
        entry ? std::max(version, std::max(entry->wantedVersion, entry->confirmedVersion) + 1) : version;
    hostCall([&] {
        sync.want(device.id, person.userId, wanted, false);
        sync.confirm(device.id, person.userId, wanted);
    });
}

} // namespace passway::plugin
