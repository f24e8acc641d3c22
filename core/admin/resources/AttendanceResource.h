#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"
#include "store/AttendanceRepository.h"

namespace passway::admin {

// Attendance from the records (README "Attendance"):
//   GET /api/v1/attendance            per person per local day: first in, last out, hours, late/early
//   GET /api/v1/attendance/export.csv the same as CSV
//   GET /api/v1/attendance/shifts     the shifts (the site's, department '', and departments' own)
//   PUT /api/v1/attendance/shifts     sets one: {department, start "HH:MM", end "HH:MM", graceMinutes} (operator)
//   GET /api/v1/records/per-day       records per local day and device, for the chart
// Filters: from, to (unix ms, required, at most 366 days apart), tz (the
// viewer's UTC offset in minutes: days are the viewer's days), department.
class AttendanceResource : public Resource {
public:
    explicit AttendanceResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply exportCsv(RequestContext& ctx);
    Reply shifts(RequestContext& ctx);
    Reply saveShift(RequestContext& ctx);
    Reply perDay(RequestContext& ctx);

    AttendanceQuery filters(const RequestContext& ctx) const;

    AdminServices& services_;
};

} // namespace passway::admin
