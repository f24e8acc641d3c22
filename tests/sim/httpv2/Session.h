#pragma once

// One keepalive cycle of a terminal, over one HTTP/1.1 connection, as the
// document's "调用流程" and "关于HTTP的连接保持" describe: connect, send the
// keepalive; on Success 1 upload the work settings if not yet done since boot,
// then follow the answer's flags in priority order (UploadWorkParameter >
// Remote > SyncParameter > DeletePeople > AddPeople), then upload pending
// records, system records and pushed people; disconnect when nothing is left.
// A keepalive is repeated inside the session when the interval runs out.
// An HTTP status other than 200, or Success 401/403, ends the session.

#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/TerminalModel.h"
#include "sim/httpv2/TerminalOptions.h"
#include "sim/httpv2/WireFormat.h"

#include <chrono>
#include <stdexcept>
#include <string>

namespace passway::sim::httpv2 {

// The server refused the terminal (HTTP status ≠ 200, Success 401/403 or a
// keepalive Success ≠ 1): wait for the next keepalive.
class SessionStopped : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Session {
public:
    Session(const TerminalOptions& options, const WireFormat& wire, TerminalModel& model,
            std::chrono::milliseconds interval);

    SessionReport run();

    // For the step helpers (PeopleSync, RemoteCommands).
    // Sends a request over the session's connection and logs it; throws
    // SessionStopped or WireError. `loggedJson` is the body before compression.
    HttpResponse call(const HttpRequest& request, const std::string& loggedJson = "");
    HttpResponse callJson(const std::string& path, const Poco::JSON::Object::Ptr& body);
    // GET of a photo, firmware or file URL: over this connection when it names
    // this server, else over a one-off connection. Never throws SessionStopped.
    HttpResponse download(const std::string& url);
    // Repeats the keepalive when the interval ran out, adding its flags.
    void keepaliveIfDue();

    const TerminalOptions& options() const { return options_; }
    const WireFormat& wire() const { return wire_; }
    TerminalModel& model() { return model_; }
    SessionReport& report() { return report_; }

private:
    struct Flags {
        bool uploadWorkParameter = false;
        bool remote = false;
        bool syncParameter = false;
        bool deletePeople = false;
        bool addPeople = false;
    };

    void keepalive();
    std::string keepaliveJson() const;
    bool runNextStep();  // false when no flag is left
    void uploadSettings();
    void downloadSettings();
    void uploadRecords();
    void uploadSystemRecords();
    void pushPeople();
    bool sameServer(const std::string& host, std::uint16_t port) const;

    const TerminalOptions& options_;
    const WireFormat& wire_;
    TerminalModel& model_;
    std::chrono::milliseconds interval_;
    HttpConnection connection_;
    SessionReport report_;
    Flags flags_;
    bool restarted_ = false;
    int lastStatus_ = 0;
    int lastSuccess_ = -1;
    std::string lastMessage_;
    std::chrono::steady_clock::time_point lastKeepalive_;
};

}  // namespace passway::sim::httpv2
