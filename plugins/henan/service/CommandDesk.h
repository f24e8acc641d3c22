#pragma once

#include "HenanConfig.h"
#include "passway/PluginApi.h"
#include "service/Operation.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace passway::henan {

// What a heartbeat hands out, over the canonical queue and the sync ledger.
//
// A terminal has one operation in hand at a time (Operation). The next one
// comes from, in this order: commands created by /device/createOperation
// (dev_mode), the canonical queue (sync_time -> setTimeInfo, restart ->
// reboot, device_info -> getDeviceInfo, set_admin -> setAdmin,
// register_face -> registrationModel, machine_operation ->
// machineOperation; other kinds fail at once with the reason), the ledger's
// removals (deletePerson) and then its adds and updates (downloadUser).
// /device/callback finishes it: success confirms the ledger's tasks or ends
// the command done; a failure, or a heartbeat that finds it still in hand,
// counts towards fail_count, after which it fails (the command `failed`,
// the ledger's tasks failed transiently, so they come back after the host's
// back-off).
class CommandDesk {
public:
    CommandDesk(PluginContext& context, const HenanConfig& config) : context_(context), config_(config) {}

    // The operation to hand out at a heartbeat; nullopt: nothing to do.
    std::optional<Operation> next(std::int64_t deviceId, const std::string& serial);
    // The operation in hand with this code; nullopt: none (answered 暂无命令).
    std::optional<Operation> inHand(std::int64_t deviceId, std::int64_t code);
    // /device/callback. False when no operation with that code is in hand.
    bool finish(std::int64_t deviceId, const std::string& serial, std::int64_t code, bool success,
                const std::string& result);
    // /device/createOperation (dev_mode): queued before anything else.
    Operation create(std::int64_t deviceId, const std::string& cmd, const std::string& params);

private:
    std::optional<Operation> load(std::int64_t deviceId);
    void save(std::int64_t deviceId, const std::optional<Operation>& op);
    std::int64_t nextCode();
    std::optional<Operation> fromDevQueue(std::int64_t deviceId);
    std::optional<Operation> fromQueue(std::int64_t deviceId, const std::string& serial);
    std::optional<Operation> fromLedger(std::int64_t deviceId);
    void fail(std::int64_t deviceId, const std::string& serial, const Operation& op, const std::string& why);

    PluginContext& context_;
    const HenanConfig& config_;
    std::mutex mutex_;
};

}  // namespace passway::henan
