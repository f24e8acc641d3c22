#pragma once

#include "store/AttendanceRepository.h"

namespace passway {

class SqliteDatabase;

class SqliteAttendanceRepository : public AttendanceRepository {
public:
    explicit SqliteAttendanceRepository(SqliteDatabase& db) : db_(db) {}

    std::vector<PersonDay> personDays(const AttendanceQuery& query) override;
    std::vector<DeviceDayCount> recordsPerDay(std::int64_t from, std::int64_t to, int utcOffsetMinutes) override;
    std::vector<Shift> shifts() override;
    Shift shiftFor(const std::string& department) override;
    void saveShift(const Shift& shift) override;
    bool removeShift(const std::string& department) override;

private:
    SqliteDatabase& db_;
};

} // namespace passway
