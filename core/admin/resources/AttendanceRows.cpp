#include "admin/resources/AttendanceRows.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace passway::admin {

namespace {

constexpr std::int64_t kDayMs = 86400000;

// Minutes after local midnight of a unix ms time.
int localMinute(std::int64_t millis, int utcOffsetMinutes) {
    const std::int64_t local = millis + std::int64_t(utcOffsetMinutes) * 60000;
    return static_cast<int>(((local % kDayMs) + kDayMs) % kDayMs / 60000);
}

} // namespace

std::optional<int> parseClock(const std::string& text) {
    int hours = 0;
    int minutes = 0;
    char end = 0;
    if (text.size() != 5 || std::sscanf(text.c_str(), "%2d:%2d%c", &hours, &minutes, &end) != 2) return std::nullopt;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

std::string clockText(int minutes) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60 % 24, minutes % 60);
    return text;
}

std::string dateText(std::int64_t day) {
    using namespace std::chrono;
    const year_month_day date{sys_days{days{day}}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()), unsigned(date.day()));
    return text;
}

std::vector<AttendanceRow> judgeAttendance(const std::vector<PersonDay>& days, int utcOffsetMinutes,
                                           const std::function<Shift(const std::string&)>& shiftOf) {
    std::map<std::string, Shift> shifts;  // one look-up per department
    std::vector<AttendanceRow> rows;
    rows.reserve(days.size());
    for (const auto& day : days) {
        auto known = shifts.find(day.department);
        if (known == shifts.end()) known = shifts.emplace(day.department, shiftOf(day.department)).first;
        AttendanceRow row;
        row.day = day;
        row.shift = known->second;
        row.date = dateText(day.day);
        const int firstMinute = localMinute(day.firstPunch, utcOffsetMinutes);
        if (firstMinute > row.shift.startMinute + row.shift.graceMinutes) {
            row.lateMinutes = firstMinute - row.shift.startMinute;
        }
        if (day.punches > 1 && day.lastPunch > day.firstPunch) {
            row.lastOut = day.lastPunch;
            row.hours = std::round((day.lastPunch - day.firstPunch) / 36000.0) / 100.0;  // 2 decimals
            const int lastMinute = localMinute(day.lastPunch, utcOffsetMinutes);
            if (lastMinute < row.shift.endMinute - row.shift.graceMinutes) {
                row.earlyMinutes = row.shift.endMinute - lastMinute;
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace passway::admin
