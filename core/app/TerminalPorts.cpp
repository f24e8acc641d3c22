#include "app/TerminalPorts.h"

#include "plugin/ListenerAddress.h"
#include "settings/SettingDeclaration.h"

namespace passway {

std::vector<std::string> terminalPorts(const std::vector<PluginStatus>& plugins) {
    std::vector<std::string> lines;
    if (plugins.empty()) {
        lines.push_back("Terminals: no protocol plugin is enabled (plugins.enabled; the admin page's Plugins screen)");
        return lines;
    }
    for (const auto& p : plugins) {
        if (p.state != "running") {
            lines.push_back("Terminals: " + p.id + " is " + p.state + (p.error.empty() ? "" : ": " + p.error));
            continue;
        }
        std::string connect;
        try {
            connect = parsePluginDeclarations(p.declarations).connect;
        } catch (const std::exception&) {
            // Declarations the page reports as broken; the banner still shows the port.
        }
        for (const auto& description : p.listeners) {
            const auto listener = ListenerAddress::parse(description);
            lines.push_back("Terminals: " + p.id + " on " + description + " -> " + connectHint(connect, listener));
        }
        if (p.listeners.empty()) lines.push_back("Terminals: " + p.id + " runs without a listener");
    }
    return lines;
}

} // namespace passway
