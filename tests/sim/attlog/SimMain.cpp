// attlog-sim: one bridge for manual runs against a passwayd with the attlog
// plugin. Posts N attendance logs for an SN, then polls users and commands.
//   attlog-sim --port 9004 --token gh_2837e31e28ed --sn ZK0001 [--logs 10] [--tls]
#include "sim/attlog/SimBridge.h"

#include <cstring>
#include <iostream>

using passway::sim::attlog::SimBridge;

int main(int argc, char** argv) {
    passway::sim::attlog::BridgeOptions options;
    std::string serial = "ZK0001";
    int logs = 10;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--port" && hasValue)
            options.port = static_cast<std::uint16_t>(std::stoi(argv[++i]));
        else if (arg == "--host" && hasValue)
            options.host = argv[++i];
        else if (arg == "--token" && hasValue)
            options.token = argv[++i];
        else if (arg == "--sn" && hasValue)
            serial = argv[++i];
        else if (arg == "--logs" && hasValue)
            logs = std::stoi(argv[++i]);
        else if (arg == "--tls")
            options.tls = true;
        else {
            std::cerr << "usage: attlog-sim --port P --token T --sn SN [--logs N] [--host H] [--tls]\n";
            return 2;
        }
    }
    SimBridge bridge(options);
    std::vector<Poco::JSON::Object::Ptr> records;
    for (int i = 0; i < logs; ++i) {
        char time[32];
        std::snprintf(time, sizeof time, "2024-05-01 08:%02d:%02d", i / 60 % 60, i % 60);
        records.push_back(SimBridge::record(std::to_string(i % 5 + 1), time, i % 2));
    }
    const auto sync = bridge.syncLogs(serial, records);
    std::cout << "Sync AttLog: " << sync.status << " " << sync.text << "\n";
    const auto users = bridge.pollUsers(serial);
    std::cout << "Update User Infor: " << users.reply.status << " " << users.reply.text << "\n";
    const auto commands = bridge.pollCommands(serial);
    std::cout << "Get Command: " << commands.status << " " << commands.text << "\n";
    return sync.ok() ? 0 : 1;
}
