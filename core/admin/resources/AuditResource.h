#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/audit: who changed what (admin only), newest first, filtered by
// actor, action and target. Entries are written by the router for every
// successful write; there is no route to change or delete them.
class AuditResource : public Resource {
public:
    explicit AuditResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
