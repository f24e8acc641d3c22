#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// What an operator does about a device's sync ledger besides reading it
// (GET /devices/{id}/sync is DeviceResource's): retry failed entries, and
// compare the ledger with what the terminal last reported holding.
class DeviceSyncResource : public Resource {
public:
    explicit DeviceSyncResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply retryAll(RequestContext& ctx);
    Reply retryOne(RequestContext& ctx);
    Reply inventory(RequestContext& ctx);
    Reply retried(RequestContext& ctx, std::int64_t deviceId, std::optional<std::uint32_t> userId);

    AdminServices& services_;
};

} // namespace passway::admin
