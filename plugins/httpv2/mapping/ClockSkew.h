#pragma once

#include "wire/JsonFields.h"

#include <cstdint>
#include <optional>

namespace passway::httpv2 {

// How far the terminal's clock is from the server's, from the SystemTime of
// its work settings (UploadWorkSetting; unix seconds, a 13-digit value taken
// as milliseconds): terminal minus server, in seconds. nullopt when the
// settings carry no usable SystemTime. A terminal's records carry its own
// clock (RecordDate), so a wrong clock files every punch at the wrong time.
std::optional<std::int64_t> clockSkewSeconds(const JsonFields& settings, std::int64_t serverNowMs);

// Whether a skew is over the limit (plugin.httpv2.max_clock_skew_s; 0: never).
inline bool clockSkewTooLarge(std::int64_t skewSeconds, int maxSkewSeconds) {
    return maxSkewSeconds > 0 && (skewSeconds > maxSkewSeconds || -skewSeconds > maxSkewSeconds);
}

} // namespace passway::httpv2
