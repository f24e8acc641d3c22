#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

#include <string>
#include <vector>

namespace passway {
struct PluginStatus;
}

namespace passway::admin {

// The Plugins screen: every plugin of plugins.dir with its state, listeners,
// devices, counts and declarations (passway/PluginDeclarations.h), and the operator's
// controls: enable, disable and restart a plugin, and change its
// plugin.<id>.* settings (stored as the page's settings, applied by
// restarting that plugin alone). Enabling and disabling change
// plugins.enabled on the page, so the choice survives a host restart.
class PluginResource : public Resource {
public:
    explicit PluginResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply enable(RequestContext& ctx);
    Reply disable(RequestContext& ctx);
    Reply restart(RequestContext& ctx);
    Reply putSettings(RequestContext& ctx);

    std::vector<std::string> enabledIds() const;
    void setEnabledIds(const std::vector<std::string>& ids, const std::string& user);
    PluginStatus find(const std::string& id) const;  // ApiError 404 when the folder has no such plugin
    Poco::JSON::Object::Ptr toJson(const PluginStatus& status) const;

    AdminServices& services_;
};

} // namespace passway::admin
