#pragma once

#include "AttlogConfig.h"
#include "passway/PluginApi.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace passway::attlog {

// Get Command and Device Command Error Logs over the canonical queue.
//
// A Get Command answer lists the device's queued commands in cmd_list (one
// per bridge command name: cmd_list is an object; a second one of a name
// waits for the next poll) and marks them sent. The bridge reports
// failures only: a sent command counts as done at the device's next Get
// Command unless an error log failed it before. Kinds a bridge does not
// have fail at once with the reason. timeStamp of the answer is the
// version of the list: it moves when commands are listed and stays while
// the list is empty (kept per device as commands.<deviceId>). Sent
// commands are kept in memory per device (loaded once at start from the
// host), so a poll does not scan every device's commands.
class CommandDesk {
public:
    CommandDesk(PluginContext& context, const AttlogConfig& config) : context_(context), config_(config) {}

    // The commands an earlier run left sent.
    void load();

    Poco::JSON::Object::Ptr answer(std::int64_t deviceId, const std::string& serial);

    // An error log: fails the oldest sent command whose bridge name starts
    // the content; false when none matches.
    bool failed(std::int64_t deviceId, const std::string& commandName, const std::string& resultJson);

private:
    std::vector<Command> takeSent(std::int64_t deviceId);

    PluginContext& context_;
    const AttlogConfig& config_;
    std::mutex mutex_;
    std::map<std::int64_t, std::vector<Command>> sent_;  // device -> its sent commands, oldest first
};

}  // namespace passway::attlog
