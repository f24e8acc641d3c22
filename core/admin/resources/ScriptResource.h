#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/scripts: the Lua scripts of scripts.dir — their state and error
// counts (viewers), and for admins their source, upload/edit (compiled
// before it is saved; the script is reloaded at once), enable/disable and a
// test run with a sample event. Scripts run code on the host, so every
// write is admin only. Installed only when the server has a ScriptHost.
class ScriptResource : public Resource {
public:
    explicit ScriptResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    ScriptHost& host();
    std::string name(RequestContext& ctx);
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply put(RequestContext& ctx);
    Reply setEnabled(RequestContext& ctx, bool enabled);
    Reply test(RequestContext& ctx);
    Reply errors(RequestContext& ctx);
    Reply skipToNow(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
