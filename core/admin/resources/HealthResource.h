#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// GET /api/v1/health and GET /metrics, both without a token: load balancers
// and Prometheus must reach them. Neither shows names, ids or paths, except
// a cluster's host ids (PostgreSQL): a load balancer's operator needs them.
class HealthResource : public Resource {
public:
    explicit HealthResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply health(RequestContext& ctx);
    Reply metrics(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
