#pragma once

#include "mapping/KeepaliveFlags.h"
#include "service/CommandTracker.h"
#include "service/DeviceEntry.h"
#include "passway/PluginApi.h"
#include "service/SyncBatches.h"

#include <cstdint>
#include <vector>

namespace passway::httpv2 {

// What a terminal has to do, asked on every keepalive, so it has to stay
// cheap: one LIMIT query on its queued commands, two small LIMIT queries on
// the ledger's pending entries, the rest from memory.
class WorkProbe {
public:
    WorkProbe(PluginContext& context, SyncBatches& batches, CommandTracker& commands)
        : context_(context), batches_(batches), commands_(commands) {}

    // The keepalive flags. Queued commands that travel on a flag of their
    // own (upload_settings, sync_time, sync_parameters) are marked sent
    // here; commands of unknown kinds fail here.
    PendingWork probe(const DeviceEntry& entry, std::int64_t nowMs);

    // Sync tasks the terminal can act on now: not refused for good (the
    // host leaves those out), not in flight in a batch. Oldest change first.
    std::vector<SyncTask> actionable(std::int64_t deviceId, bool removals, int limit, std::int64_t nowMs);

private:
    PluginContext& context_;
    SyncBatches& batches_;
    CommandTracker& commands_;
};

} // namespace passway::httpv2
