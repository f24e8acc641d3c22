#pragma once

#include "AttlogConfig.h"
#include "passway/PluginApi.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace passway::attlog {

// Update User Infor: what a device should add or drop, from its sync
// ledger, versioned by timeStamp.
//
// timeStamp is the version of the device's user set, not the time of the
// request: the bridge skips an answer whose timeStamp equals the last one it
// applied. So it changes only when the answer's content changes (a digest
// of the tasks handed out), and stays put while there is nothing new.
//
// The bridge has no result call. The users of an answer count as applied
// when the next Update User Infor of that SN arrives (or, with
// user_confirmation = timestamp_echo, only one that carries that
// timeStamp): their sync tasks are confirmed then. A command error log about
// them fails them instead, and they go out again under a new timeStamp.
// The state per device (timeStamp, digest, tasks handed out) is kept in the
// plugin's key-value space (users.<deviceId>), so a restart changes nothing.
class UserUpdates {
public:
    UserUpdates(PluginContext& context, const AttlogConfig& config) : context_(context), config_(config) {}

    // The answer body for the device. `echoedTimeStamp`: the timeStamp the
    // request carried, if any.
    Poco::JSON::Object::Ptr answer(std::int64_t deviceId, const std::string& serial,
                                   std::optional<std::int64_t> echoedTimeStamp);

    // An error log named a user update: the outstanding tasks failed
    // (transiently) and go out again with a new timeStamp. False when none
    // were outstanding.
    bool failed(std::int64_t deviceId, const std::string& message);

private:
    struct State {
        std::int64_t timeStamp = 0;
        std::string digest;
        std::vector<SyncTask> outstanding;
    };

    std::shared_ptr<std::mutex> lockOf(std::int64_t deviceId);
    State load(std::int64_t deviceId);
    void save(std::int64_t deviceId, const State& state);

    PluginContext& context_;
    const AttlogConfig& config_;
    std::mutex mutex_;
    std::map<std::int64_t, std::shared_ptr<std::mutex>> locks_;
};

}  // namespace passway::attlog
