#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// A device's history for its page (viewer): the alarms it reported (kept,
// newest first), the addresses it called from, and its clock against the
// host's at the last reading.
//   GET /api/v1/devices/{id}/alarms      paged
//   GET /api/v1/devices/{id}/addresses
//   GET /api/v1/devices/{id}/clock       {skewS, checkedAt, warnAfterS, warning}
class DeviceHistoryResource : public Resource {
public:
    explicit DeviceHistoryResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply alarms(RequestContext& ctx);
    Reply addresses(RequestContext& ctx);
    Reply clock(RequestContext& ctx);

    std::int64_t deviceId(RequestContext& ctx);  // 404 when there is no such device
    std::int64_t clockWarnAfterSeconds() const;

    AdminServices& services_;
};

} // namespace passway::admin
