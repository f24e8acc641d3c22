#pragma once

#include "passway/services/DeviceService.h"
#include "plugin/services/ServiceScope.h"
#include "plugin/services/TerminalIdentity.h"

#include <mutex>

namespace passway::plugin {

// DeviceService over the store: the one device lifecycle of every protocol
// (first contact, activation policy, contact, reported state, alarms) and
// the events about it.
class PluginDevices final : public DeviceService {
public:
    PluginDevices(ServiceScope scope, bool autoActivate, TerminalPolicy policy = {}, Metrics* metrics = nullptr)
        : scope_(scope), autoActivate_(autoActivate), identity_(scope, std::move(policy), metrics) {}

    Device obtain(const std::string& serial) override;
    std::optional<Device> find(std::int64_t deviceId) override;
    std::vector<Device> list() override;
    bool online(std::int64_t deviceId, const std::string& serial, const std::string& address,
                std::int64_t atMs) override;
    bool seen(std::int64_t deviceId, const std::string& address, std::int64_t atMs) override;
    void offline(std::int64_t deviceId, const std::string& serial, const std::string& address,
                 std::int64_t lastSeenMs, bool announce) override;
    std::optional<Device> mergeReported(std::int64_t deviceId, const std::string& reportedJson,
                                        const std::string& nameIfUnnamed) override;
    void alarm(std::int64_t deviceId, const std::string& serial, const DeviceAlarm& alarm) override;
    bool admitSource(const std::string& address) override { return identity_.admitSource(address); }
    ContactVerdict checkContact(std::int64_t deviceId, const std::string& serial, const Peer& peer) override {
        return identity_.check(deviceId, serial, peer);
    }

    // Host side.
    TerminalIdentity& identity() { return identity_; }

private:
    bool ours(std::int64_t deviceId);
    // devices.max_pending: drops the oldest pending devices beyond the bound.
    void boundPending(std::int64_t keep);

    ServiceScope scope_;
    const bool autoActivate_;
    TerminalIdentity identity_;
    std::mutex createMutex_;  // one registration at a time, so a serial is registered once by this host
};

} // namespace passway::plugin
