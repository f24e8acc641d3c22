#pragma once

#include "mapping/KeepaliveFlags.h"
#include "service/CommandTracker.h"
#include "service/DeviceEntry.h"
#include "service/SyncBatches.h"
#include "store/Store.h"

#include <cstdint>
#include <vector>

namespace passway::httpv2 {

// What a terminal has to do, asked on every keepalive, so it has to stay
// cheap: one LIMIT query on its queued commands, two small LIMIT queries on
// the ledger's pending entries (the partial index sync_entries_pending), the
// rest from memory.
class WorkProbe {
public:
    WorkProbe(Store& store, SyncBatches& batches, CommandTracker& commands)
        : store_(store), batches_(batches), commands_(commands) {}

    // The keepalive flags. Queued commands that travel on a flag of their
    // own (upload_settings, sync_time, sync_parameters) are marked sent
    // here; commands of unknown kinds fail here.
    PendingWork probe(const DeviceEntry& entry, std::int64_t nowMs);

    // Pending ledger entries the terminal can act on now: no error recorded
    // for the wanted version (a failing person is not retried until it
    // changes, or the terminal would loop), not in flight in a batch.
    // Oldest change first.
    std::vector<SyncEntry> actionable(std::int64_t deviceId, bool removals, int limit, std::int64_t nowMs);

private:
    Store& store_;
    SyncBatches& batches_;
    CommandTracker& commands_;
};

} // namespace passway::httpv2
