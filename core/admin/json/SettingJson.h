#pragma once

#include "settings/SettingDeclaration.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace passway {
class RuntimeSettings;
}

namespace passway::admin::json {

// One setting as the admin page renders its form field: the declaration,
// the effective value (secrets: "***" when set, "" when not: write-only)
// and where the value comes from (set | page | file | default | "").
// `fullKey` is the configuration key (plugin.httpv2.port); the declaration's
// key is relative to its owner.
Poco::JSON::Object::Ptr setting(const SettingDeclaration& declaration, const std::string& fullKey,
                                const RuntimeSettings& settings);

// A declaration alone (for "<name>" families, which have no single value).
Poco::JSON::Object::Ptr declaration(const SettingDeclaration& declaration);

Poco::JSON::Object::Ptr command(const CommandDeclaration& command);

} // namespace passway::admin::json
