#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// The settings an operator changes on the page (stored, migration 010):
//   GET/PUT /api/v1/settings/runtime          the host's own (SMS gateway,
//                                             outbox, face thresholds, device policy)
//   GET/PUT /api/v1/scripts/{name}/settings   script.<name>.* as the script declares them
// Each item says how a change applies ("live", "restart", "script"); a
// script's changed settings reload that script at once. Secrets are
// write-only. Plugins' settings are the Plugins screen's (PluginResource).
class RuntimeSettingsResource : public Resource {
public:
    explicit RuntimeSettingsResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply hostSettings(RequestContext& ctx);
    Reply putHostSettings(RequestContext& ctx);
    Reply scriptSettings(RequestContext& ctx);
    Reply putScriptSettings(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
