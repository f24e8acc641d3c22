#include "service/PendingWork.h"

#include "mapping/CommandMapping.h"

namespace passway::httpv2 {

namespace {

constexpr int kQueuedLookahead = 32;
constexpr int kMaxScan = 20000;

} // namespace

PendingWork WorkProbe::probe(const DeviceEntry& entry, std::int64_t nowMs) {
    PendingWork work;
    {
        std::lock_guard lock(entry.mutex);
        work.uploadWorkParameter = !entry.hasSettings;
        work.syncParameter = entry.parametersPending;
    }
    for (const auto& command : store_.commands().queuedFor(entry.id, kQueuedLookahead)) {
        switch (commandChannel(command.kind)) {
        case CommandChannel::Remote: work.remote = true; break;
        case CommandChannel::UploadWorkParameter:
            commands_.markSent(command, true, 0, "", nowMs);
            work.uploadWorkParameter = true;
            break;
        case CommandChannel::SyncParameter:
            commands_.markSent(command, true, 0, "", nowMs);
            work.syncParameter = true;
            break;
        case CommandChannel::DeletePeople: work.deletePeople = true; break;  // sent with DeleteAll
        case CommandChannel::Unsupported:
            commands_.fail(command, unsupportedCommandMessage(command.kind));
            break;
        }
    }
    // Sent on an earlier keepalive and not answered yet: ask again.
    work.uploadWorkParameter = work.uploadWorkParameter || commands_.awaiting(entry.id, "upload_settings");
    work.syncParameter = work.syncParameter || commands_.awaiting(entry.id, "sync_time") ||
                         commands_.awaiting(entry.id, "sync_parameters");
    work.deletePeople = work.deletePeople || !actionable(entry.id, true, 1, nowMs).empty();
    work.addPeople = !actionable(entry.id, false, 1, nowMs).empty();
    return work;
}

std::vector<SyncEntry> WorkProbe::actionable(std::int64_t deviceId, bool removals, int limit, std::int64_t nowMs) {
    std::vector<SyncEntry> out;
    if (limit <= 0) return out;
    int fetch = limit + static_cast<int>(batches_.inFlightCount(deviceId, removals, nowMs)) + 16;
    for (;;) {
        const auto rows = store_.sync().pendingFor(deviceId, removals, fetch);
        out.clear();
        for (const auto& entry : rows) {
            if (entry.lastErrorCode != 0) continue;
            if (batches_.inFlight(deviceId, removals, entry.userId, nowMs)) continue;
            out.push_back(entry);
            if (static_cast<int>(out.size()) == limit) return out;
        }
        if (static_cast<int>(rows.size()) < fetch || fetch >= kMaxScan) return out;
        fetch = std::min(fetch * 4, kMaxScan);
    }
}

} // namespace passway::httpv2
