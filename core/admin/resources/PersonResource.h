#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"
#include "passway/model/Person.h"

namespace passway::admin {

// /api/v1/persons: the people terminals know. Reads: viewer; writes: operator.
// Every change publishes person.changed {userId, version, action}, which the
// sync ledger turns into work for the terminals.
//
// PUT and PATCH honour an optional "version" in the body: if it is not the
// stored version, someone else changed the person meanwhile and the answer is
// 409 instead of silently overwriting their change.
class PersonResource : public Resource {
public:
    explicit PersonResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

    // person.changed for one saved or removed person; shared with the photo
    // and CSV resources so every path into the store announces itself.
    static void announce(const AdminServices& services, const Person& person, const std::string& action);

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply create(RequestContext& ctx);
    Reply update(RequestContext& ctx, bool replace);
    Reply remove(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
