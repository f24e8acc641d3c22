#pragma once

// A simulated wage-supervision attendance terminal (seed 003): signed form
// POSTs to the server, the heartbeat -> command -> callback loop of the
// document's 流程, and what it holds (persons with their photos).

#include "sim/henan/SimWire.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace passway::sim::henan {

struct TerminalOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string appid;
    std::string secret;
    std::string sn;
    std::string version = "v1";
    std::chrono::seconds timeout{10};
};

// How a request is signed (tests of the refusals and of the orders accepted).
enum class SignMode { Declared, Alphabetical, Wrong, Missing };

struct HeldPerson {
    std::string name;
    std::string password;
    std::string idCard;
    std::string photo;        // bytes, from pic or fetched from picUrl
    std::string photoSource;  // pic | picUrl | ""
    std::string picUrl;
};

struct Punch {
    std::string userCode;
    std::string time;  // yyyy-MM-dd HH:mm:ss SSS
    std::string type = "face";
    std::string pic;   // JPEG bytes (sent base64)
    std::string temperature = "0";
};

// What one run of the command loop did.
struct CommandRun {
    std::string cmd;   // empty: the heartbeat had none
    std::string code;
    Answer heartbeat;
    Answer command;    // the command's interface
    Answer callback;
};

class SimTerminal {
public:
    explicit SimTerminal(TerminalOptions options) : o_(std::move(options)) {}

    Answer post(const std::string& path, Params params, SignMode mode = SignMode::Declared) const;
    Answer heartbeat(const std::vector<Punch>& punches = {}) const;
    // A heartbeat; when it names a command, the command's interface, the
    // terminal acting on it, and the callback (success unless `fail`).
    CommandRun runCommand(bool fail = false);
    // Runs commands until one heartbeat has none (at most `max`).
    std::vector<CommandRun> drain(int max = 20);

    const std::map<std::string, HeldPerson>& persons() const { return persons_; }
    TerminalOptions& options() { return o_; }

private:
    std::string fetch(const std::string& url) const;
    TerminalOptions o_;
    std::map<std::string, HeldPerson> persons_;  // by userCode
};

}  // namespace passway::sim::henan
