#pragma once

#include "store/AttendanceRepository.h"

namespace passway {

class PgDatabase;

class PgAttendanceRepository : public AttendanceRepository {
public:
    explicit PgAttendanceRepository(PgDatabase& db) : db_(db) {}

    std::vector<PersonDay> personDays(const AttendanceQuery& query) override;
    std::vector<DeviceDayCount> recordsPerDay(std::int64_t from, std::int64_t to, int utcOffsetMinutes) override;
    std::vector<Shift> shifts() override;
    Shift shiftFor(const std::string& department) override;
    void saveShift(const Shift& shift) override;
    bool removeShift(const std::string& department) override;

private:
    PgDatabase& db_;
};

} // namespace passway
