#include "service/PendingWork.h"

#include "mapping/CommandMapping.h"

namespace passway::httpv2 {

namespace {

constexpr int kQueuedLookahead = 32;

} // namespace

PendingWork WorkProbe::probe(const DeviceEntry& entry, std::int64_t nowMs) {
    PendingWork work;
    {
        std::lock_guard lock(entry.mutex);
        work.uploadWorkParameter = !entry.hasSettings || entry.clockRecheck;
        work.syncParameter = entry.parametersPending || entry.clockPushPending;
    }
    for (const auto& command : context_.commands().queued(entry.id, kQueuedLookahead)) {
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

std::vector<SyncTask> WorkProbe::actionable(std::int64_t deviceId, bool removals, int limit, std::int64_t nowMs) {
    return context_.sync().next(deviceId, removals, limit, [&](std::uint32_t userId) {
        return batches_.inFlight(deviceId, removals, userId, nowMs);
    });
}

} // namespace passway::httpv2
