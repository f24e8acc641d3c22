#pragma once

#include "plugin/PluginStatus.h"

#include <string>
#include <vector>

namespace passway {

// The plugins a folder holds (passway_<id>.so), for the admin page's Plugins
// screen: every plugin an operator could enable, not only the enabled ones.

// The ids of the plugin libraries in `directory`, sorted; files whose id is
// not a valid plugin id are left out.
std::vector<std::string> pluginIdsIn(const std::string& directory);

// Opens the library to read what it declares (version, description, API
// version, declarations) and closes it again; nothing of it runs but its
// static initialisers. State "stopped" for a plugin this host would run,
// "refused" with the reason for one it would not, "failed" when the file
// cannot be opened.
PluginStatus probePlugin(const std::string& directory, const std::string& id);

} // namespace passway
