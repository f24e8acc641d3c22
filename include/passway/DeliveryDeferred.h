#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace passway {

// Thrown by a durable subscription's handler (PluginContext::subscribeDurable)
// when the event cannot be delivered *yet* (an uplink's platform is down):
// the host keeps the cursor before the event, waits `retryAfter` (cut short
// when the plugin stops) and hands the same event again, for as long as it
// takes. Unlike any other exception it never counts as a failed attempt, so
// it never dead-letters the event. Added to host API 4 without a bump: a
// plugin that never throws it sees no change.
class __attribute__((visibility("default"))) DeliveryDeferred : public std::runtime_error {
public:
    DeliveryDeferred(const std::string& why, std::chrono::milliseconds retryAfter)
        : std::runtime_error(why), retryAfter_(retryAfter) {}
    std::chrono::milliseconds retryAfter() const { return retryAfter_; }

private:
    std::chrono::milliseconds retryAfter_;
};

} // namespace passway
