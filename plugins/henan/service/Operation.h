#pragma once

#include "passway/services/SyncService.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway::henan {

// The one command a terminal has in hand: what a heartbeat handed out as
// `cmd` + `code`, until /device/callback finishes it or it failed
// `fail_count` times. Kept in the plugin's key-value store per device, so a
// restart hands out the same code again.
struct Operation {
    std::int64_t code = 0;
    std::string cmd;          // the document's name: downloadUser, deletePerson, setAdmin, reboot, ...
    std::string params;       // the document's params (createOperation's format)
    std::string source;       // queue (a canonical command) | sync (the ledger) | dev (createOperation)
    std::int64_t commandId = 0;
    std::vector<SyncTask> tasks;
    int handedOut = 0;
    int failures = 0;
    std::int64_t createdAt = 0;

    std::string toJson() const;
    static std::optional<Operation> fromJson(const std::string& text);
    // The user ids of params "1,2,3".
    std::vector<std::uint32_t> userIds() const;
};

}  // namespace passway::henan
