#pragma once

#include "store/AttendanceRepository.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace passway::admin {

// One line of the attendance screen: a person's day judged against the
// shift of their department.
struct AttendanceRow {
    PersonDay day;
    std::string date;                      // YYYY-MM-DD, local
    std::optional<std::int64_t> lastOut;   // unix ms; none after a single punch
    double hours = 0;                      // first in to last out
    int lateMinutes = 0;                   // after the shift's start (beyond the grace), else 0
    int earlyMinutes = 0;                  // before the shift's end (beyond the grace), else 0
    Shift shift;
};

// "HH:MM" <-> minutes after midnight; nullopt for anything else.
std::optional<int> parseClock(const std::string& text);
std::string clockText(int minutes);
// Local days since 1970-01-01 as YYYY-MM-DD.
std::string dateText(std::int64_t day);

// Judges each person-day against `shiftOf(department)`.
std::vector<AttendanceRow> judgeAttendance(const std::vector<PersonDay>& days, int utcOffsetMinutes,
                                           const std::function<Shift(const std::string&)>& shiftOf);

} // namespace passway::admin
