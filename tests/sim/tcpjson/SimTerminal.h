#pragma once

// A simulated seed-001 terminal: holds a long TCP connection (raw JSON
// stream or WebSocket), answers the server's requests with configurable
// delays and error codes, keeps the persons it receives and sends access
// records. Byte for byte what the document shows: one JSON object per
// message with mod / session_id / type, answers with code and message.

#include <Poco/JSON/Object.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace passway::sim::tcpjson {

struct SimOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 49003;
    std::string uuid = "31231412332";
    bool webSocket = false;
    std::string origin;                      // WebSocket: the Origin header a browser would send ("" = none)
    std::string localAddress;                // connect from this address ("" = any): identity tests
    // The document's example answers get_device_info with mod "set_device_info".
    bool answerInfoAsSetDeviceInfo = true;
    std::chrono::milliseconds answerDelay{0};
    std::map<std::string, int> errorCodes;   // mod → code answered instead of 0
    std::map<std::string, int> errorTimes;   // mod → how many answers carry its error code (absent: all)
    // Knows only the document's mods (get/set_device_info, download_person,
    // upload_access_info, send_user/device_command): any other is answered
    // -1 "unknown mod" and not carried out, as firmware built from the
    // document alone would.
    bool documentOnly = false;
    std::set<std::string> silentMods;        // mods never answered
    // Mods whose request drops the link before the answer (the terminal
    // rebooting on a restart, a cable pulled): the request is logged, the
    // connection shut down, nothing answered. Reconnect with connect().
    std::set<std::string> dropOnMods;
    bool silent = false;                     // answers nothing at all
    std::size_t writeChunk = 0;              // >0: writes objects in pieces of this many bytes
    Poco::JSON::Object::Ptr deviceInfo;      // null: the document's example values with this uuid
    // Set: the terminal reports its clock as device_info.time (an extension
    // some terminals have; YYYYMMDDhhmmss in local time, utcOffsetMinutes),
    // this many seconds off the real one, and set_device_time sets it.
    std::optional<std::int64_t> clockOffsetSeconds;
    int utcOffsetMinutes = 480;
};

struct SimAnswer {
    int code = 0;
    std::string message;
    std::string mod;
};

class SimTerminal {
public:
    explicit SimTerminal(SimOptions options);
    ~SimTerminal();

    void connect();
    void disconnect();
    bool connected() const { return connected_; }
    SimOptions& options() { return options_; }   // change between requests (mutex-free: tests only)

    // upload_access_info with these access_info fields; waits for the answer.
    std::optional<SimAnswer> sendAccessInfo(const Poco::JSON::Object::Ptr& accessInfo,
                                            std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Any object, as given (tests of framing); `pieces` > 1 splits it.
    void sendText(const std::string& text, std::size_t pieces = 1);
    void sendBytes(const std::string& bytes);

    // What the server asked, in order (mod names).
    std::vector<std::string> requests() const;
    std::size_t count(const std::string& mod) const;
    std::map<std::string, Poco::JSON::Object::Ptr> persons() const;   // person_id → person_info
    std::vector<Poco::JSON::Object::Ptr> commands() const;             // send_*_command requests
    Poco::JSON::Object::Ptr lastRequest(const std::string& mod) const;
    // Its clock minus the real one (clockOffsetSeconds, as set_device_time left it).
    std::int64_t clockOffset() const;
    // Waits until `done` holds (checked after each request and every 50 ms).
    bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    // Bytes the server sent that were not a JSON object (an error answer, a close).
    bool closedByServer() const { return closedByServer_; }
    // Why the terminal gave up on the connection itself ("" when it did not).
    std::string error() const {
        std::lock_guard lock(mutex_);
        return error_;
    }

private:
    void readLoop();
    void onObject(const std::string& text);
    void answer(const Poco::JSON::Object::Ptr& request);
    void write(const std::string& object);
    void writeFrame(const std::string& payload);
    Poco::JSON::Object::Ptr infoObject() const;

    SimOptions options_;
    Poco::Net::StreamSocket socket_;
    std::thread reader_;
    std::atomic<bool> connected_{false};
    std::atomic<bool> closedByServer_{false};
    std::mutex writeMutex_;

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<std::string> requests_;
    std::map<std::string, Poco::JSON::Object::Ptr> persons_;
    std::vector<Poco::JSON::Object::Ptr> commands_;
    std::map<std::string, Poco::JSON::Object::Ptr> last_;
    std::map<std::string, SimAnswer> answers_;   // session_id of our requests → the server's answer
    std::uint64_t nextSession_ = 1;
    std::string error_;
};

} // namespace passway::sim::tcpjson
