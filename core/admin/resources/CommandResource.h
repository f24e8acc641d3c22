#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/commands: commands of all devices, newest first, filtered by
// deviceId and state (viewer). New commands are queued through
// POST /api/v1/devices/{id}/commands.
class CommandResource : public Resource {
public:
    explicit CommandResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
