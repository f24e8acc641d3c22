#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/outbox: durable outbound deliveries (scripts' outbox.send and
// sms.send) with their state — pending, delivered, dead — attempts and last
// error; an operator can retry one (dead or pending: due now) or discard it.
// Header values whose names suggest a secret are shown as "***".
class OutboxResource : public Resource {
public:
    explicit OutboxResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply retry(RequestContext& ctx);
    Reply discard(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
