#pragma once

#include <cstdint>
#include <functional>
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

// Why a task failed. Transient: it is handed out again (the terminal was
// busy, the connection dropped). Permanent: the terminal refused this state
// of the person; it is not handed out again until the person or the
// device's groups change, or the terminal would loop on it.
enum class SyncFailureKind { Transient, Permanent };

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
};

} // namespace passway
