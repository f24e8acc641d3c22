#pragma once

#include "TcpjsonConfig.h"
#include "mapping/AccessRecord.h"
#include "passway/Events.h"
#include "passway/PluginApi.h"
#include "service/Terminal.h"

#include <cstdint>
#include <memory>

namespace passway::tcpjson {

// The terminal's clock against the server's. The document has no way to read
// a terminal's clock, so two readings are used: a `time` (YYYYMMDDhhmmss,
// the terminals' local time) in device_info, which some terminals add, and
// the time of an access record it sends while connected -- a record dated
// ahead of the server's clock can only be a clock that is ahead (an older
// one may be a backlog, so those are not read as skew). Over
// max_clock_skew_s the skew is announced (device.clock_skew) and the pump
// sends set_device_time once per connection. The skew is kept as
// `clockSkewS` (and when it was taken as `clockCheckedAt`) in the device's
// reported state, where the device page shows it.
class ClockCheck {
public:
    // Returns whether the server's time is to be pushed (the caller kicks the pump).
    static bool observe(PluginContext& context, const TcpjsonConfig& config, Terminal& terminal,
                        std::int64_t deviceTimeMs, std::int64_t nowMs) {
        const std::int64_t skew = (deviceTimeMs - nowMs) / 1000;
        const std::int64_t deviceId = terminal.deviceId();
        try {
            context.devices().mergeReported(deviceId, "{\"clockSkewS\":" + std::to_string(skew) +
                                                          ",\"clockCheckedAt\":" + std::to_string(nowMs) + "}");
        } catch (const std::exception& e) {
            context.logger().warning("terminal " + terminal.who() + ": cannot keep its clock skew: " + e.what());
        }
        if (config.maxClockSkewSeconds <= 0 || (skew <= config.maxClockSkewSeconds && -skew <= config.maxClockSkewSeconds)) {
            return false;
        }
        {
            std::lock_guard lock(terminal.mutex);
            if (terminal.clockPushed || terminal.clockPushPending) return false;  // once per connection
            terminal.clockPushPending = true;
        }
        context.logger().warning("terminal " + terminal.who() + ": its clock is " + std::to_string(skew) +
                                 " s off the server's; set_device_time is sent");
        const auto event = events::deviceClockSkew(deviceId, terminal.uuid(), context.pluginId(), skew,
                                                   deviceTimeMs / 1000, nowMs / 1000, true);
        context.publish(event.topic, event.payload);
        return true;
    }

    // observe() with device_info.time, when the terminal reports one.
    static bool observeDeviceInfo(PluginContext& context, const TcpjsonConfig& config, Terminal& terminal,
                                  const Poco::JSON::Object::Ptr& deviceInfo, std::int64_t nowMs) {
        if (!deviceInfo || !deviceInfo->has("time") || !deviceInfo->get("time").isString()) return false;
        std::int64_t deviceTime = 0;
        try {
            deviceTime = AccessRecord::parseTime(deviceInfo->getValue<std::string>("time"), config.utcOffsetMinutes);
        } catch (const AccessRecordError& e) {
            context.logger().debug("terminal " + terminal.who() + ": device_info.time not read: " + e.what());
            return false;
        }
        return observe(context, config, terminal, deviceTime, nowMs);
    }
};

} // namespace passway::tcpjson
