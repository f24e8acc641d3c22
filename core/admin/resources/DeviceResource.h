#pragma once

#include <Poco/JSON/Object.h>

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"
#include "passway/model/Device.h"
#include "settings/SettingDeclaration.h"

#include <string>
#include <vector>

namespace passway::admin {

// /api/v1/devices: terminals (created by plugins when they first call in),
// their state, desired parameters, commands and sync ledger. Reads: viewer;
// changes: operator.
class DeviceResource : public Resource {
public:
    explicit DeviceResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply patch(RequestContext& ctx);
    Reply setState(RequestContext& ctx, DeviceState state);
    Reply remove(RequestContext& ctx);
    Reply acceptAddress(RequestContext& ctx);
    Reply getParameters(RequestContext& ctx);
    Reply putParameters(RequestContext& ctx);
    Reply queueCommand(RequestContext& ctx);
    Reply sync(RequestContext& ctx);

    Device load(RequestContext& ctx);
    // The command kinds the device's plugin declares (empty: none, or no plugins here).
    std::vector<CommandDeclaration> declaredCommands(const std::string& protocol) const;
    static void keepMaskedSecrets(Poco::JSON::Object::Ptr edited, const Poco::Dynamic::Var& stored);

    AdminServices& services_;
};

} // namespace passway::admin
