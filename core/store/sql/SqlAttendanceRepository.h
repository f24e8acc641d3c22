#pragma once

#include "store/AttendanceRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlAttendanceRepository : public AttendanceRepository {
public:
    explicit SqlAttendanceRepository(typename Sql::Database& db) : db_(db) {}

    std::vector<PersonDay> personDays(const AttendanceQuery& query) override;
    std::vector<DeviceDayCount> recordsPerDay(std::int64_t from, std::int64_t to, int utcOffsetMinutes) override;
    std::vector<Shift> shifts() override;
    Shift shiftFor(const std::string& department) override;
    void saveShift(const Shift& shift) override;
    bool removeShift(const std::string& department) override;

private:
    typename Sql::Database& db_;
};

} // namespace passway
