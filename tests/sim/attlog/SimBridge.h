#pragma once

// A simulated AttLog bridge (seed 000): the small computer beside ZK
// terminals that posts their attendance logs with its token and each
// terminal's SN, polls Update User Infor and Get Command, and reports
// failed commands through Device Command Error Logs. It keeps each SN's
// users as a real bridge would: it skips an Update User Infor answer whose
// timeStamp equals the last one it applied. Answers are read with the
// plugin's tolerant reader, so the document's own answer style parses too.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace passway::sim::attlog {

struct BridgeOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9004;
    bool tls = false;
    std::string token = "gh_2837e31e28ed";
    std::string newPath = "/attlog/new";
    std::string syncPath = "/attlog/sync";
    std::string usersPath = "/attlog/users";
    std::string errorLogPath = "/attlog/errorlog";
    std::string commandPath = "/attlog/command";
    bool echoTimeStamp = false;             // send the applied timeStamp with Update User Infor
    std::set<std::string> failingCommands;  // cmd_list names it reports as failed
};

struct BridgeReply {
    int status = 0;
    std::string text;              // the body as received
    Poco::JSON::Object::Ptr body;  // parsed; null when it was not a JSON object
    bool ok() const;               // HTTP 200 and state "OK"
    std::string state() const;
    std::string message() const;
};

// What one Update User Infor poll did.
struct UserPoll {
    BridgeReply reply;
    std::int64_t timeStamp = 0;
    bool applied = false;              // false: same timeStamp as last time, skipped
    std::vector<std::string> updated;  // PINs upserted
    std::vector<std::string> deleted;  // PINs removed
};

class SimBridge {
public:
    explicit SimBridge(BridgeOptions options) : options_(std::move(options)) {}

    // A ZK attendance record as the document writes it.
    static Poco::JSON::Object::Ptr record(const std::string& pin, const std::string& time, int status = 255,
                                          const std::string& verify = "2", const std::string& workcode = "0");

    BridgeReply newLog(const std::string& serial, const Poco::JSON::Object::Ptr& record);
    BridgeReply syncLogs(const std::string& serial, const std::vector<Poco::JSON::Object::Ptr>& records);
    UserPoll pollUsers(const std::string& serial);
    // Get Command; runs the list: a failing command is reported with an error log.
    BridgeReply pollCommands(const std::string& serial);
    BridgeReply errorLog(const std::string& serial, const std::string& content, const std::string& type = "CMD_FAILED");
    // Any body as text (the document's own style), to any path.
    BridgeReply post(const std::string& path, const std::string& text);

    // The users the bridge holds for an SN (PIN -> the user object).
    std::map<std::string, Poco::JSON::Object::Ptr> users(const std::string& serial) const;
    // The command names it received, in order.
    std::vector<std::string> commandsReceived() const;
    BridgeOptions& options() { return options_; }

private:
    BridgeReply postObject(const std::string& path, const Poco::JSON::Object::Ptr& body);

    BridgeOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, std::map<std::string, Poco::JSON::Object::Ptr>> users_;
    std::map<std::string, std::int64_t> appliedTimeStamp_;
    std::vector<std::string> commands_;
};

}  // namespace passway::sim::attlog
