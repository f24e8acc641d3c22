#pragma once

#include "wire/Reply.h"

#include <vector>

namespace passway::httpv2 {

// What a keepalive answer asks the terminal to do next.
enum class KeepaliveFlag { UploadWorkParameter, Remote, SyncParameter, DeletePeople, AddPeople };

struct PendingWork {
    bool uploadWorkParameter = false;  // the host lacks the work settings, or upload_settings is queued
    bool remote = false;               // RemoteCommand has commands for it
    bool syncParameter = false;        // desired parameters not delivered yet, or sync_time queued
    bool deletePeople = false;         // removals pending in the sync ledger, or clear_persons queued
    bool addPeople = false;            // adds/updates pending in the sync ledger

    bool any() const { return uploadWorkParameter || remote || syncParameter || deletePeople || addPeople; }
};

// How many flags one answer carries (plugin.httpv2.keepalive_flags).
enum class FlagsMode {
    All,      // every pending flag, in priority order (the document's example answer)
    Highest,  // only the most urgent: the order holds even on terminals that follow
              // the call-flow section's priority instead of the keepalive section's
};

// The pending flags in the keepalive section's priority:
// UploadWorkParameter > Remote > SyncParameter > DeletePeople > AddPeople
// (PROTOCOL-NOTES: the call-flow section's order is the older, shorter one).
std::vector<KeepaliveFlag> flagsInPriority(const PendingWork& work);

const char* flagName(KeepaliveFlag flag);

// Sets the flags on a keepalive answer: each as `"Name": 1`, in priority order.
void writeFlags(Reply& reply, const PendingWork& work, FlagsMode mode);

} // namespace passway::httpv2
