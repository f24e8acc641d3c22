#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

#include <string>

namespace passway::admin {

// GET /api/v1/settings (admin): the effective configuration the host started
// with (defaults, file and --set overrides merged; AdminOptions::settings),
// for the admin page's read-only settings view. Secrets are masked here, at
// the one place they leave the process.
class SettingsResource : public Resource {
public:
    explicit SettingsResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

    // True for keys whose value must not be shown: the host's one policy
    // (isSecretConfigKey in util/SecretPolicy.h; plugin.henan.appkey, tls.key).
    static bool isSecretSetting(const std::string& key);
    // The value of a setting that is not secret as a whole, with the secrets
    // inside it masked (JSON objects of headers, URLs with credentials).
    static std::string maskInside(const std::string& value);

private:
    Reply settings(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
