#pragma once

// The Remote step of a session: /Device/RemoteCommand, then what the terminal
// does with each field of the answer (door, alarm, elevator ports, records,
// pushes, snapshot upload, credential registration, firmware and system file
// downloads, factory reset, restart). Every field acted on is logged as an
// ExecutedCommand.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace passway::sim::httpv2 {

class Session;

class RemoteCommands {
public:
    explicit RemoteCommands(Session& session) : session_(session) {}

    // Returns true when the terminal restarted (the session ends).
    bool run();

private:
    void openDoor(int mode, const std::string& value);
    void registerTicket(const Poco::JSON::Object::Ptr& reply, const std::string& value);
    void pushSoftware(const Poco::JSON::Object::Ptr& software, const std::string& value);
    void pushSystemFiles(const Poco::Dynamic::Var& files, const std::string& value);
    void snapshot(const std::string& value);
    void log(const std::string& name, const std::string& value, const std::string& outcome);

    Session& session_;
};

}  // namespace passway::sim::httpv2
