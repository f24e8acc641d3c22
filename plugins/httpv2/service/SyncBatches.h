#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace passway::httpv2 {

// One sync task handed to a terminal: the person and the task's ticket
// (opaque, from the host) it stood for when it was sent.
struct HandedOut {
    std::uint32_t userId = 0;
    std::int64_t version = 0;  // the SyncTask's ticket
};

// What each terminal was handed by DownloadPeopleList / DeletePeopleList and
// has not answered with its Result yet. The Result names only the failures,
// so the plugin must remember what it sent to confirm the rest, at the
// version it sent: a person edited meanwhile stays pending for the edit.
// Entries in flight are not handed out again while fresh (a terminal that
// loops on DownloadPeopleList without a Result would otherwise get the same
// batch forever); after `timeout` they count as lost and go out again.
// In memory only: after a restart everything unconfirmed is simply sent
// again, which terminals take as an update.
class SyncBatches {
public:
    explicit SyncBatches(std::chrono::milliseconds timeout);

    void handOut(std::int64_t deviceId, bool removal, const std::vector<HandedOut>& entries, std::int64_t nowMs);
    // Handed out, not answered, not timed out.
    bool inFlight(std::int64_t deviceId, bool removal, std::uint32_t userId, std::int64_t nowMs) const;
    std::size_t inFlightCount(std::int64_t deviceId, bool removal, std::int64_t nowMs) const;
    // Everything handed out and not answered (timed-out entries too: a late
    // Result still tells the truth), removed from the record.
    std::vector<HandedOut> take(std::int64_t deviceId, bool removal);

    // DeleteAll handed out for a clear_persons command.
    void handOutDeleteAll(std::int64_t deviceId, std::int64_t commandId);
    std::optional<std::int64_t> takeDeleteAll(std::int64_t deviceId);

    // Drops what timed out long ago (keeps memory bounded for terminals that vanished).
    void prune(std::int64_t nowMs);

private:
    struct Slot {
        std::int64_t version = 0;
        std::int64_t handedAt = 0;
    };
    using Key = std::pair<std::int64_t, bool>;  // device, removal

    std::int64_t timeoutMs_;
    mutable std::mutex mutex_;
    std::map<Key, std::unordered_map<std::uint32_t, Slot>> slots_;
    std::unordered_map<std::int64_t, std::int64_t> deleteAll_;
};

} // namespace passway::httpv2
