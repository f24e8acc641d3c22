#include "service/DeviceMappings.h"

#include "mapping/DeviceMapping.h"

#include <Poco/Logger.h>

namespace passway::tcpjson {

namespace {

constexpr std::size_t kMaxCached = 100000;

} // namespace

std::shared_ptr<const TcpjsonConfig> DeviceMappings::of(std::int64_t deviceId) {
    {
        std::lock_guard lock(mutex_);
        const auto found = byDevice_.find(deviceId);
        if (found != byDevice_.end()) return found->second;
    }
    const auto device = context_.devices().find(deviceId);
    std::string warning;
    auto mapped = std::make_shared<const TcpjsonConfig>(
        device ? DeviceMapping::overlay(config_, device->desired, &warning) : config_);
    if (!warning.empty()) context_.logger().warning("device " + std::to_string(deviceId) + ": " + warning);
    std::lock_guard lock(mutex_);
    if (byDevice_.size() >= kMaxCached) byDevice_.clear();
    byDevice_[deviceId] = mapped;
    return mapped;
}

void DeviceMappings::forget(std::int64_t deviceId) {
    std::lock_guard lock(mutex_);
    byDevice_.erase(deviceId);
}

} // namespace passway::tcpjson
