#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// One thing a device should do about one person: hold them (add, or update
// when `held`), or drop them (`removal`).
struct SyncTask {
    std::uint32_t userId = 0;
    bool removal = false;
    bool held = false;        // the device confirmed an earlier state of this person: an update, not an add
    std::int64_t ticket = 0;  // opaque; give it back to confirm() exactly as received
};

// A done task, for confirmAll().
struct SyncDone {
    std::int64_t deviceId = 0;
    std::uint32_t userId = 0;
    std::int64_t ticket = 0;
};

// Why a task failed. Transient: it is handed out again after a back-off
// (sync.retry_initial_s, doubled per failure in a row up to
// sync.retry_max_s): a download failed, storage was full, the terminal's
// database had a moment. Permanent: the terminal refused this state of the
// person; it is not handed out again until the person or the device changes
// (or an operator retries it), or the terminal would loop on it.
enum class SyncFailureKind { Transient, Permanent };

// One person as a terminal reported holding them (or not: `present` false)
// in an answer to a query or a push-all request.
struct HeldPerson {
    std::uint32_t userId = 0;
    bool present = true;
    std::string summary = "{}";  // JSON object text: what it showed (name, number of cards, ...)
};

// The sync ledger of the plugin's devices: who each device should hold. The
// host decides the wants (access groups, edits, removals); a plugin turns
// tasks into its protocol and reports back. Throws HostError (Unavailable).
class SyncService {
public:
    using Skip = std::function<bool(std::uint32_t userId)>;
    virtual ~SyncService() = default;

    // Up to `limit` tasks of the device, oldest change first: removals or
    // adds/updates. Tasks that failed permanently are left out, and so are
    // those `skip` names (e.g. in flight on the terminal).
    virtual std::vector<SyncTask> next(std::int64_t deviceId, bool removals, int limit, const Skip& skip = {}) = 0;
    // The device did the task. A change made since stays pending.
    virtual void confirm(std::int64_t deviceId, const SyncTask& task) = 0;
    // Many confirmations in one transaction (a push to a whole site).
    virtual void confirmAll(const std::vector<SyncDone>& done) = 0;
    virtual void fail(std::int64_t deviceId, std::uint32_t userId, SyncFailureKind kind, int code,
                      const std::string& message) = 0;
    // The terminal deleted the person itself; it is sent again when the
    // ledger says it should hold them (the host is the master of who is where).
    virtual void removedOnDevice(std::int64_t deviceId, std::uint32_t userId) = 0;
    // The terminal holds nobody any more (clear, factory reset): pending
    // removals are done and everyone it held is pending again.
    virtual void cleared(std::int64_t deviceId) = 0;

    // Host API 3, added later (at the end, so older plugins keep their slots):
    // The terminal answered a query about who it holds: kept as the device's
    // inventory (the admin API shows it against the ledger). A person
    // reported absent whom the ledger says the device holds is sent again.
    virtual void reportHeld(std::int64_t deviceId, const HeldPerson& person) = 0;
    // How many persons the ledger says the device holds as wanted now
    // (confirmed, not to be removed, not pending again): a terminal that
    // reports far fewer was wiped.
    virtual std::int64_t heldCount(std::int64_t deviceId) = 0;
    // When the device's earliest transient failure is due again (unix ms);
    // nullopt when none waits. Plugins that push wake up then.
    virtual std::optional<std::int64_t> nextRetryAt(std::int64_t deviceId) = 0;
};

} // namespace passway
