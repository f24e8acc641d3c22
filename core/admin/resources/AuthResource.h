#pragma once

#include "admin/auth/LoginThrottle.h"
#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// POST /api/v1/auth/login (public, throttled), GET /api/v1/auth/me, and the
// lockouts of the login throttle (admins list and lift them).
class AuthResource : public Resource {
public:
    explicit AuthResource(AdminServices& services);
    void install(Router& router) override;

    // Login bodies are two short strings; anything larger is refused from
    // its head, before a byte of it is read.
    static constexpr std::size_t kMaxLoginBodyBytes = 4096;

private:
    Reply login(RequestContext& ctx);
    Reply me(RequestContext& ctx);
    Reply lockouts(RequestContext& ctx);
    Reply lift(RequestContext& ctx);
    void auditFailure(const std::string& username, const std::optional<AdminUser>& user, const std::string& source,
                      const char* reason);
    void auditLockout(const LoginThrottle::Lockout& lockout);

    AdminServices& services_;
    LoginThrottle throttle_;
};

} // namespace passway::admin
