#pragma once

#include "HenanConfig.h"
#include "passway/PluginApi.h"
#include "uplink/PlatformClient.h"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace passway::henan {

// One virtual terminal towards a supervision platform
// (plugin.henan.uplink.<name>.*), shown as device "uplink-<name>".
//
// Attendance: a durable subscription ("uplink-<name>") to record.created,
// so records of terminals of every protocol go up, in journal order, each
// in a heartbeat's `data`. The handler returns only once the platform
// answered success 1; anything else (no connection, success 0) throws
// DeliveryDeferred, so the host keeps the cursor before the record and asks
// again after retry_s, for as long as the outage lasts, and never
// dead-letters it. A restart resumes at the cursor. Records without a
// person (no userCode to report) and refused passages are skipped.
//
// Heartbeats: a thread of its own calls /device/getServer every
// timeInterval (or heartbeat_s) and carries out the platform's commands
// against Passway's own store (downloadUser into the persons, setAdmin,
// getDeviceInfo, setTimeInfo and reboot answered), each followed by its
// /device/callback. Hosts sharing one store are one terminal to the
// platform: the thread heartbeats while its host leads the cluster
// (PluginContext::onLeadership), so a command is taken once and the
// platform sees one terminal's heartbeats. One host alone always leads.
//
// Lag and the last error are in the device's reported state under "uplink".
class Uplink {
public:
    Uplink(PluginContext& context, UplinkConfig config, int utcOffsetMinutes);
    ~Uplink();

    void start();
    void stop();

private:
    void deliver(const Event& event);
    void lead(bool leading);
    void heartbeatLoop();
    void heartbeat();
    void execute(const std::string& cmd, const std::string& code, const Poco::JSON::Object& data);
    std::string downloadUsers(const std::string& code);
    std::string setAdmin(const std::string& code);
    void callback(const std::string& code, bool success, const std::string& message);
    void report(const std::string& error);

    PluginContext& context_;
    const UplinkConfig config_;
    const int utcOffsetMinutes_;
    PlatformClient client_;
    std::int64_t deviceId_ = 0;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool leading_ = false;
    bool roleKnown_ = false;
    int intervalSeconds_ = 30;
    std::thread thread_;

    std::mutex statusMutex_;
    std::int64_t lastUploadedRecord_ = 0;
    std::int64_t lagMs_ = 0;
    std::int64_t lastAckAt_ = 0;
    std::int64_t uploaded_ = 0;
    std::string lastError_;
    std::int64_t lastErrorAt_ = 0;
    std::string reportedError_ = "?";
    std::int64_t reportedAt_ = 0;
};

}  // namespace passway::henan
