#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// POST /api/v1/auth/login (public) and GET /api/v1/auth/me.
class AuthResource : public Resource {
public:
    explicit AuthResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply login(RequestContext& ctx);
    Reply me(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
