#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/person-reviews: persons terminals tried to create, raise to admin
// or give a new card (plugin.<id>.person_intake = review), waiting for an
// operator. Accepting saves the person as the terminal sent it (and the
// ledger sends it where it belongs); rejecting keeps the store as it is.
class PersonReviewResource : public Resource {
public:
    explicit PersonReviewResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply accept(RequestContext& ctx);
    Reply reject(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
