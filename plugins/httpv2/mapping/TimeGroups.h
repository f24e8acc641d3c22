#pragma once

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace passway::httpv2 {

// A terminal's time groups (work settings TimeGroups: [{Num, Week1..Week7:
// "08:00-12:00,13:00-18:00"}]), Week1 being Monday.

// Local wall-clock time on the terminal.
struct LocalTime {
    int weekday = 1;      // 1 Monday .. 7 Sunday
    int minuteOfDay = 0;  // 0..1439
};

LocalTime localTime(std::int64_t unixSeconds, int tzMinutes);

// Whether `minuteOfDay` lies in one of the ranges; ends are inclusive to the
// minute ("00:00-23:59" is the whole day) and a range may cross midnight
// ("22:00-06:00"). An empty text has no ranges.
bool inRanges(std::string_view ranges, int minuteOfDay);

// Whether the time lies in group `group`; nullopt when the terminal has no
// such group (the caller decides what that means).
std::optional<bool> inTimeGroup(const Poco::JSON::Array::Ptr& timeGroups, int group, const LocalTime& time);

} // namespace passway::httpv2
