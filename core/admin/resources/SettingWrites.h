#pragma once

#include "settings/SettingDeclaration.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace passway {
class RuntimeSettings;
}

namespace passway::admin {

// Applies a form's values ({"<key>": "<value>" | null}) to the page's
// settings under `prefix` ("plugin.httpv2.", "script.payroll.", "" for the
// host's own): every key must be declared and every value valid, else
// nothing is stored (ApiError 400 naming the field). null resets a key to
// its file or default value. A secret sent back as "***" (the mask the form
// showed) is left as it is. A key --set names is refused (409): the command
// line outranks the page. Returns the full keys that changed.
std::vector<std::string> writeSettings(RuntimeSettings& settings, const std::vector<SettingDeclaration>& declarations,
                                       const std::string& prefix, const Poco::JSON::Object::Ptr& values,
                                       const std::string& user);

} // namespace passway::admin
