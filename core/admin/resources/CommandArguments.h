#pragma once

#include "settings/SettingDeclaration.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace passway::admin {

// A queued command checked against the command kinds its device's plugin
// declares (passway/PluginDeclarations.h), so a mistake is refused when it is
// made instead of failing at the terminal. Throws ApiError 400 with a code
// the page translates and the argument's name as the field:
//   missing_argument  a required argument is absent or empty
//   bad_argument      an int or bool argument that is not one
// Kinds a plugin does not declare pass unchecked: plugins take more kinds
// than their form offers (firmware, free-form device commands).
void checkCommandArguments(const std::vector<CommandDeclaration>& declared, const std::string& kind,
                           const Poco::JSON::Object::Ptr& args);

} // namespace passway::admin
