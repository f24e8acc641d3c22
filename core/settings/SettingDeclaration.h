#pragma once

#include <optional>
#include <string>
#include <vector>

namespace passway {

// One setting an operator may change on the admin page: the host's own
// (RuntimeSettings' catalogue), a plugin's (passway/PluginDeclarations.h)
// or a script's (its "-- @setting" lines). The page renders a form field
// from it; the host validates a value against it before storing it.
struct SettingDeclaration {
    // Relative to its owner (plugin.<id>. or script.<name>.), or a full host
    // key. A segment "<name>" stands for any name: "token.<bridge>".
    std::string key;
    // string | int | number | bool | secret | url | list | choice
    std::string type = "string";
    std::string defaultValue;
    std::string description;
    bool secret = false;                  // write-only: never shown back (also type "secret")
    std::optional<double> min, max;       // int, number
    std::vector<std::string> choices;     // choice
    // How a change takes effect: "live" (at once), "restart" (the host's),
    // "plugin" (that plugin is restarted), "script" (that script is reloaded).
    std::string apply = "live";
};

// A command kind a plugin declares, with its arguments (the device page's
// command form).
struct CommandArgument {
    std::string name;
    std::string type = "string";          // string | int | bool
    bool required = false;
    std::string description;
};
struct CommandDeclaration {
    std::string kind;
    std::string description;
    std::vector<CommandArgument> args;
};

struct PluginDeclarations {
    std::string connect;                  // what to point terminals at: {scheme} {host} {port}
    std::vector<SettingDeclaration> settings;
    std::vector<CommandDeclaration> commands;
};

// Parses a plugin's declarations (JSON text, see PasswayPluginInfo). Throws
// std::invalid_argument naming what is wrong; empty text is "nothing declared".
PluginDeclarations parsePluginDeclarations(const std::string& json);

// "" when `value` fits the declaration, else why not (for the operator). An
// empty value is accepted for every type: it means "unset".
std::string validateSetting(const SettingDeclaration& declaration, const std::string& value);

// Whether `key` is the declared key, a "<name>" segment matching one
// segment of [A-Za-z0-9_-]+.
bool declarationMatches(const std::string& declaredKey, const std::string& key);

// The declaration of `key` in `declarations`, or null.
const SettingDeclaration* findDeclaration(const std::vector<SettingDeclaration>& declarations, const std::string& key);

} // namespace passway
