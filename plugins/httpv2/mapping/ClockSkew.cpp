#include "mapping/ClockSkew.h"

namespace passway::httpv2 {

std::optional<std::int64_t> clockSkewSeconds(const JsonFields& settings, std::int64_t serverNowMs) {
    const auto time = settings.integer("SystemTime");
    if (!time || *time <= 0) return std::nullopt;
    const std::int64_t deviceMs = *time >= 100000000000LL ? *time : *time * 1000;  // 12+ digits: milliseconds
    const std::int64_t skewMs = deviceMs - serverNowMs;
    // Rounded toward zero: a terminal a fraction of a second off is not off.
    return skewMs / 1000;
}

} // namespace passway::httpv2
