// tcpjson-sim: one simulated seed-001 terminal for manual runs against a
// passwayd with plugins.enabled=tcpjson. It connects, answers the server,
// prints what it is asked, and sends one access record every --every seconds.
//   tcpjson-sim [--host=127.0.0.1] [--port=49003] [--uuid=ID] [--websocket] [--every=S] [--person=ID]

#include "sim/tcpjson/SimTerminal.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <csignal>
#include <iostream>
#include <string>

namespace {
volatile std::sig_atomic_t stopping = 0;
void onSignal(int) { stopping = 1; }
} // namespace

int main(int argc, char** argv) {
    passway::sim::tcpjson::SimOptions options;
    int every = 10;
    std::string person = "1";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](const char* name) { return arg.substr(std::string(name).size()); };
        if (arg.rfind("--host=", 0) == 0) options.host = value("--host=");
        else if (arg.rfind("--port=", 0) == 0) options.port = static_cast<std::uint16_t>(std::stoi(value("--port=")));
        else if (arg.rfind("--uuid=", 0) == 0) options.uuid = value("--uuid=");
        else if (arg == "--websocket") options.webSocket = true;
        else if (arg.rfind("--every=", 0) == 0) every = std::stoi(value("--every="));
        else if (arg.rfind("--person=", 0) == 0) person = value("--person=");
        else {
            std::cerr << "usage: tcpjson-sim [--host=H] [--port=P] [--uuid=ID] [--websocket] [--every=S] [--person=ID]\n";
            return 2;
        }
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    passway::sim::tcpjson::SimTerminal terminal(options);
    terminal.connect();
    std::cout << "connected to " << options.host << ":" << options.port << " as " << options.uuid << std::endl;
    std::size_t seen = 0;
    for (int tick = 0; !stopping && terminal.connected(); ++tick) {
        const auto requests = terminal.requests();
        for (; seen < requests.size(); ++seen) std::cout << "server asked: " << requests[seen] << std::endl;
        if (every > 0 && tick % (every * 10) == every * 10 - 1) {
            Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            info->set("person_id", person);
            info->set("time", Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%d%H%M%S"));
            info->set("open_door_type", 1);
            info->set("in_out_type", 1);
            const auto answer = terminal.sendAccessInfo(info);
            std::cout << "record: " << (answer ? "code " + std::to_string(answer->code) + " " + answer->message
                                               : std::string("no answer"))
                      << std::endl;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::cout << "persons held: " << terminal.persons().size() << std::endl;
    return 0;
}
