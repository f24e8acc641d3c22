#include "store/sql/SqlAttendanceRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"
#include "passway/Clock.h"

namespace passway {

namespace {

constexpr std::int64_t kDayMs = 86400000;

template <typename Statement>
Shift readShift(Statement& row) {
    Shift shift;
    shift.department = row.text(0);
    shift.startMinute = row.int32(1);
    shift.endMinute = row.int32(2);
    shift.graceMinutes = row.int32(3);
    return shift;
}

} // namespace

template <typename Sql>
std::vector<PersonDay> SqlAttendanceRepository<Sql>::personDays(const AttendanceQuery& query) {
    const std::int64_t offsetMs = std::int64_t(query.utcOffsetMinutes) * 60000;
    auto lock = db_.lock();
    // records_device_time narrows to the range; the grouping is per person
    // and local day. Refused punches do not count as presence. The CASTs are
    // for PostgreSQL: its integer division needs both sides BIGINT, and a
    // parameter compared only with a literal needs a declared type.
    auto rows = db_.prepare(
        "SELECT r.user_id, COALESCE(p.name, ''), COALESCE(p.department, ''), "
        "       (r.device_time + CAST(?1 AS BIGINT)) / CAST(?2 AS BIGINT) AS day, "
        "       MIN(r.device_time), MAX(r.device_time), COUNT(*) "
        "FROM records r LEFT JOIN persons p ON p.user_id = r.user_id "
        "WHERE r.device_time >= ?3 AND r.device_time < ?4 AND r.user_id IS NOT NULL AND r.result = 'pass' "
        "  AND (CAST(?5 AS TEXT) = '' OR p.department = CAST(?5 AS TEXT)) "
        "GROUP BY r.user_id, day, p.name, p.department ORDER BY day, r.user_id LIMIT ?6");
    rows.bindAll(offsetMs, kDayMs, query.from, query.to, query.department, query.limit);
    std::vector<PersonDay> days;
    while (rows.step()) {
        PersonDay day;
        day.userId = static_cast<std::uint32_t>(rows.int64(0));
        day.name = rows.text(1);
        day.department = rows.text(2);
        day.day = rows.int64(3);
        day.firstPunch = rows.int64(4);
        day.lastPunch = rows.int64(5);
        day.punches = rows.int32(6);
        days.push_back(std::move(day));
    }
    return days;
}

template <typename Sql>
std::vector<DeviceDayCount> SqlAttendanceRepository<Sql>::recordsPerDay(std::int64_t from, std::int64_t to,
                                                                 int utcOffsetMinutes) {
    auto lock = db_.lock();
    auto rows = db_.prepare(
        "SELECT (device_time + CAST(?1 AS BIGINT)) / CAST(?2 AS BIGINT) AS day, device_id, COUNT(*) FROM records "
        "WHERE device_time >= ?3 AND device_time < ?4 GROUP BY day, device_id ORDER BY day, device_id");
    rows.bindAll(std::int64_t(utcOffsetMinutes) * 60000, kDayMs, from, to);
    std::vector<DeviceDayCount> counts;
    while (rows.step()) counts.push_back(DeviceDayCount{rows.int64(0), rows.int64(1), rows.int64(2)});
    return counts;
}

template <typename Sql>
std::vector<Shift> SqlAttendanceRepository<Sql>::shifts() {
    auto lock = db_.lock();
    auto rows = db_.prepare(
        "SELECT department, starts_at, ends_at, grace_minutes FROM attendance_shifts ORDER BY department");
    std::vector<Shift> all;
    while (rows.step()) all.push_back(readShift(rows));
    return all;
}

template <typename Sql>
Shift SqlAttendanceRepository<Sql>::shiftFor(const std::string& department) {
    auto lock = db_.lock();
    // The department's own row sorts first ('' is the smallest text).
    auto row = db_.prepare(
        "SELECT department, starts_at, ends_at, grace_minutes FROM attendance_shifts "
        "WHERE department IN (CAST(? AS TEXT), '') ORDER BY department DESC LIMIT 1");
    row.bind(1, department);
    if (!row.step()) return Shift{};  // the migration's row was deleted by hand: the built-in default
    return readShift(row);
}

template <typename Sql>
void SqlAttendanceRepository<Sql>::saveShift(const Shift& shift) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO attendance_shifts (department, starts_at, ends_at, grace_minutes, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (department) DO UPDATE SET starts_at = excluded.starts_at, "
                "ends_at = excluded.ends_at, grace_minutes = excluded.grace_minutes, updated_at = excluded.updated_at")
        .bindAll(shift.department, shift.startMinute, shift.endMinute, shift.graceMinutes, nowMillis())
        .run();
}

template <typename Sql>
bool SqlAttendanceRepository<Sql>::removeShift(const std::string& department) {
    if (department.empty()) return false;
    auto lock = db_.lock();
    db_.prepare("DELETE FROM attendance_shifts WHERE department = ?").bind(1, department).run();
    return db_.changes() > 0;
}

template class SqlAttendanceRepository<SqliteDialect>;
template class SqlAttendanceRepository<PgDialect>;

} // namespace passway
