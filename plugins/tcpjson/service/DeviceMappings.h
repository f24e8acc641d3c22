#pragma once

#include "TcpjsonConfig.h"
#include "passway/PluginApi.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace passway::tcpjson {

// Each device's role and type codes (mapping/DeviceMapping.h), read from
// its desired parameters once and kept until they change
// (device.parameters.changed): records and pushes ask for them often.
class DeviceMappings {
public:
    DeviceMappings(PluginContext& context, const TcpjsonConfig& config) : context_(context), config_(config) {}

    std::shared_ptr<const TcpjsonConfig> of(std::int64_t deviceId);
    void forget(std::int64_t deviceId);

private:
    PluginContext& context_;
    const TcpjsonConfig& config_;
    std::mutex mutex_;
    std::map<std::int64_t, std::shared_ptr<const TcpjsonConfig>> byDevice_;
};

} // namespace passway::tcpjson
