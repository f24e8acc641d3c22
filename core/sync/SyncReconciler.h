#pragma once

// The events the reconciler relies on (topic: payload fields it reads).
//
//   person.changed                {"userId": N, "version": N, "action": "created" | "updated" | "removed"}
//       Published by the admin API (persons, person photo, CSV import) after
//       the store committed the change. Only `userId` is read: the person is
//       read back from the store (absent: removed), so a late, repeated or
//       out-of-order event does no harm.
//   device.state.changed          {"deviceId": N, "serial": "...", "protocol": "...", "state": "active" | ...}
//       Published by the admin API (activate, disable) and by plugins that
//       create a device and activate it themselves (devices.auto_activate).
//       `deviceId` and `state` are read; "active" reconciles that device
//       fully, other states change nothing (a device is reconciled again when
//       it is active again).
//   device.access_groups.changed  {"deviceId": N, "accessGroups": ["...", ...]}
//       Published by the admin API when a device's access groups change.
//       `deviceId` is read; the groups are read back from the store.
//   device.parameters.changed     {"deviceId": N}
//       A device that changes (activated, groups, parameters) gets its
//       failed entries tried again: a refusal holds until the person or the
//       device changes.
//
// Anything missed (events published while the host was down, or dropped from
// a full bus queue during a large import) is caught by the full pass at
// start() and every `fullPassInterval`.

#include "bus/EventBus.h"
#include "store/SyncRepository.h"
#include "passway/model/Device.h"
#include "passway/model/Person.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace passway {

class Store;

struct SyncReconcilerOptions {
    // sync.reconcile_interval_s; zero: a full pass at start only.
    std::chrono::seconds fullPassInterval{600};
};

// Keeps the sync ledger saying who each device should hold, so persons added
// or edited in the admin API reach every device of their access groups
// without anyone pressing a button. The rule (SyncPolicy): an active device
// without access groups serves every person, one with groups serves the
// persons sharing at least one; a device that no longer serves a person it
// held (or wanted) is told to drop them, as is every device that held a
// removed person. The plugins turn the ledger's pending entries into their
// protocol's actions and confirm them.
//
// The reconciler is the one writer of wants. Reconciles run one at a time
// (each reads entries, decides, writes them back in one transaction).
class SyncReconciler {
public:
    SyncReconciler(Store& store, EventBus& bus, SyncReconcilerOptions options = {});
    ~SyncReconciler();  // stop()
    SyncReconciler(const SyncReconciler&) = delete;
    SyncReconciler& operator=(const SyncReconciler&) = delete;

    // Subscribes to the events above, then runs a full pass on this thread.
    void start();
    // Ends the subscriptions (waiting for a reconcile in progress) and the
    // periodic pass. Idempotent.
    void stop();

    // Each returns the number of ledger entries it changed.
    std::size_t reconcileAll();                         // every active device
    std::size_t reconcileDevice(std::int64_t deviceId); // nothing unless active
    std::size_t reconcilePerson(std::uint32_t userId);  // on every device

private:
    void onEvent(const Event& event);
    void runPeriodicPasses();
    // One device against the persons it serves; mutex_ held.
    std::size_t reconcileDeviceLocked(const Device& device, const std::vector<Person>& served);
    // Stores the wants and publishes sync.wanted with the devices they
    // concern, so plugins that push (tcpjson) act at once instead of polling.
    void apply(const std::vector<SyncWant>& wants);
    // Failed entries of a device that changed are due again.
    void retryFailed(std::int64_t deviceId);

    Store& store_;
    EventBus& bus_;
    const SyncReconcilerOptions options_;

    std::mutex mutex_;  // one reconcile at a time
    std::vector<EventBus::SubscriptionId> subscriptions_;

    std::mutex periodicMutex_;
    std::condition_variable periodicWake_;
    bool stopping_ = false;
    std::thread periodic_;
};

} // namespace passway
