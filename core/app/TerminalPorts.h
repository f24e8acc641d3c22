#pragma once

#include "plugin/PluginStatus.h"

#include <string>
#include <vector>

namespace passway {

// The start banner's lines about devices: for each plugin asked for, each
// port it listens on and what to point terminals at (the plugin's "connect"
// declaration, filled with this host's address), or why it does not run.
//   Terminals: httpv2 on http 0.0.0.0:9001 -> HTTPClient_ServerAddr = http://10.0.0.5:9001
std::vector<std::string> terminalPorts(const std::vector<PluginStatus>& plugins);

} // namespace passway
