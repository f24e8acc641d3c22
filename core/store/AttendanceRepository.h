#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passway {

// A working shift: when a day starts and ends, in minutes after local
// midnight. A first punch later than start + grace is late; a last punch
// earlier than end - grace leaves early.
struct Shift {
    std::string department;  // '' = the site's shift, for departments without one
    int startMinute = 9 * 60;
    int endMinute = 18 * 60;
    int graceMinutes = 0;
};

// Local days are counted from the unix epoch after shifting the time by the
// viewer's UTC offset, so a punch at 00:30 in Beijing belongs to that day.
struct AttendanceQuery {
    std::int64_t from = 0;        // deviceTime >= from (unix ms)
    std::int64_t to = 0;          // deviceTime < to (unix ms)
    int utcOffsetMinutes = 0;     // local time = UTC + offset (Beijing: +480)
    std::string department;       // empty: everyone
    int limit = 20000;            // person-days at most (bounds the answer)
};

// The passing punches of one person on one local day.
struct PersonDay {
    std::uint32_t userId = 0;
    std::string name;             // '' when the person was removed since
    std::string department;
    std::int64_t day = 0;         // local days since 1970-01-01
    std::int64_t firstPunch = 0;  // unix ms
    std::int64_t lastPunch = 0;   // unix ms (== firstPunch for one punch)
    int punches = 0;
};

struct DeviceDayCount {
    std::int64_t day = 0;         // local days since 1970-01-01
    std::int64_t deviceId = 0;
    std::int64_t records = 0;
};

// Attendance read from the records (passing punches of known persons) and
// the shifts it is judged against.
class AttendanceRepository {
public:
    virtual ~AttendanceRepository() = default;

    // Ordered by day, then user id.
    virtual std::vector<PersonDay> personDays(const AttendanceQuery& query) = 0;
    // Every record (any result) per local day and device, ordered by day.
    virtual std::vector<DeviceDayCount> recordsPerDay(std::int64_t from, std::int64_t to, int utcOffsetMinutes) = 0;

    virtual std::vector<Shift> shifts() = 0;
    // The department's own shift, else the site's.
    virtual Shift shiftFor(const std::string& department) = 0;
    virtual void saveShift(const Shift& shift) = 0;
    // A department's own shift goes (the site's cannot); false when it had none.
    virtual bool removeShift(const std::string& department) = 0;
};

} // namespace passway
