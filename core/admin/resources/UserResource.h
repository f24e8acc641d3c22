#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

#include <mutex>

namespace passway::admin {

// /api/v1/users: admin users, admin role only. Password hashes never leave
// the server. The last active admin can be neither deleted, demoted nor
// disabled (409), so a site cannot lock itself out.
class UserResource : public Resource {
public:
    static constexpr std::size_t kMinPasswordLength = 8;

    explicit UserResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply create(RequestContext& ctx);
    Reply update(RequestContext& ctx);
    Reply remove(RequestContext& ctx);

    AdminUser load(RequestContext& ctx);
    // 409 if `before` is the only active admin and `after` (nullptr: deleted) no longer is one.
    void keepAnAdmin(const AdminUser& before, const AdminUser* after);

    AdminServices& services_;
    // Serializes user changes: two admins demoting each other at the same
    // moment must not both pass the last-admin check.
    std::mutex changes_;
};

} // namespace passway::admin
