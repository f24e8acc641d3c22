#pragma once

#include "TcpjsonConfig.h"
#include "passway/PluginApi.h"
#include "service/DeviceMappings.h"
#include "service/LedgerWriter.h"
#include "service/Requester.h"
#include "service/Terminal.h"
#include "service/WorkQueue.h"

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace passway::tcpjson {

// Everything the server pushes to one terminal, one request in flight at a
// time, in this order: the server's time when its clock is off
// (set_device_time, ClockCheck), desired settings (set_device_info), commands
// (resent first when an earlier send got no answer), person removals, then
// persons to add or edit from the sync ledger. A push that gets no answer
// is tried again after retry_delay_ms; an idempotent command fails after
// command_attempts sends without an answer, one that must not run twice
// (open_door, restart, ...: isIdempotentCommand) is sent once and ends
// `unknown` when its answer does not come; a person the terminal refuses
// keeps its error code in the ledger and is not retried until it changes,
// except -3 (数据库异常), which is tried again after the ledger's back-off.
// Work of an offline terminal waits in the store and goes out on reconnect.
class PushPump {
public:
    PushPump(PluginContext& context, const TcpjsonConfig& config, WorkQueue& workers, Requester& requests,
             LedgerWriter& ledger, DeviceMappings& mappings);

    // Commands left in state sent by an earlier run are sent again (the host
    // ends those that must not run twice `unknown` instead).
    void loadUnfinished();
    // Runs the pump of the terminal unless it is busy (then it runs again after).
    void kick(const std::shared_ptr<Terminal>& terminal);

private:
    void run(const std::shared_ptr<Terminal>& terminal);
    // Sends the next push; false when there is nothing to push.
    bool sendNext(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, std::int64_t nowMs);
    // A push was answered (or not: retryLater) and the pump may go on.
    void stepDone(const std::shared_ptr<Terminal>& terminal, bool retryLater);

    // set_device_time with the server's clock, when ClockCheck found it off.
    bool sendClock(const std::shared_ptr<Terminal>& terminal, std::int64_t nowMs);
    bool sendSettings(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId);
    bool sendCommand(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, std::int64_t nowMs);
    bool sendPersonChange(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, bool removals);
    void sendPerson(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, const SyncTask& task,
                    const Person& person, bool update);
    void onCommandAnswer(const std::shared_ptr<Terminal>& terminal, const Command& command, bool refresh,
                         const Answer& answer);
    void onPersonAnswer(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, const SyncTask& task,
                        const Answer& answer, const std::optional<Person>& retryAsDownload);
    Poco::JSON::Object::Ptr personFields(const Person& person, const TcpjsonConfig& mapping);
    // remove_person answered -1 (unknown mod): the terminal has no remote
    // removal. Marked once (kv, reported state, device.alarm).
    bool removalUnsupported(std::int64_t deviceId);
    void markRemovalUnsupported(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId);
    void finishCommand(const Command& command, CommandState state, const std::string& resultJson);

    PluginContext& context_;
    const TcpjsonConfig& config_;
    WorkQueue& workers_;
    Requester& requests_;
    LedgerWriter& ledger_;
    DeviceMappings& mappings_;

    std::mutex mutex_;
    std::map<std::int64_t, std::deque<Command>> resend_;  // by device: sent, no answer yet
    std::unordered_map<std::int64_t, int> attempts_;      // by command
    // (user, version, role code on the device)
    std::map<std::tuple<std::uint32_t, std::int64_t, int>, Poco::JSON::Object::Ptr> personCache_;
};

} // namespace passway::tcpjson
