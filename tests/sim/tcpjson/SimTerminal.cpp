#include "sim/tcpjson/SimTerminal.h"

#include "wire/JsonStreamSplitter.h"
#include "wire/WebSocketCodec.h"

#include <ctime>
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/NetException.h>
#include <Poco/Random.h>

#include <sstream>

namespace passway::sim::tcpjson {

namespace wire = passway::tcpjson;

namespace {

std::string stringify(const Poco::JSON::Object::Ptr& o) {
    std::ostringstream out;
    o->stringify(out);
    return out.str();
}

std::string decodeBase64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}

} // namespace

SimTerminal::SimTerminal(SimOptions options) : options_(std::move(options)) {}

SimTerminal::~SimTerminal() { disconnect(); }

Poco::JSON::Object::Ptr SimTerminal::infoObject() const {
    if (options_.deviceInfo) return options_.deviceInfo;
    Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    info->set("uuid", options_.uuid);
    info->set("device_ip", "192.168.1.156");
    info->set("device_port", 1545);
    info->set("server_ip", options_.host);
    info->set("server_port", options_.port);
    info->set("address", "公司门口");
    info->set("community_code", "1312312");
    info->set("software_version", "V3.2.1");
    info->set("hardware_version", "V5.8.9");
    if (options_.clockOffsetSeconds) {
        const std::time_t local = std::time(nullptr) + clockOffset() + options_.utcOffsetMinutes * 60;
        std::tm parts{};
        gmtime_r(&local, &parts);
        char text[16];
        std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &parts);
        info->set("time", std::string(text));
    }
    return info;
}

std::int64_t SimTerminal::clockOffset() const {
    std::lock_guard lock(mutex_);
    return options_.clockOffsetSeconds.value_or(0);
}

void SimTerminal::connect() {
    disconnect();
    const Poco::Net::SocketAddress server(options_.host, options_.port);
    if (options_.localAddress.empty()) {
        socket_ = Poco::Net::StreamSocket(server);
    } else {
        socket_ = Poco::Net::StreamSocket(server.family());
        socket_.impl()->bind(Poco::Net::SocketAddress(options_.localAddress, 0), false);
        socket_.connect(server);
    }
    socket_.setNoDelay(true);
    closedByServer_ = false;
    if (options_.webSocket) {
        const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
        const std::string request = "GET /tcpjson HTTP/1.1\r\nHost: " + options_.host + ":" +
                                    std::to_string(options_.port) +
                                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                                    "\r\nSec-WebSocket-Version: 13\r\n" +
                                    (options_.origin.empty() ? std::string() : "Origin: " + options_.origin + "\r\n") +
                                    "\r\n";
        socket_.sendBytes(request.data(), static_cast<int>(request.size()));
        std::string head;
        char c = 0;
        while (head.find("\r\n\r\n") == std::string::npos && socket_.receiveBytes(&c, 1) == 1) head.push_back(c);
        if (head.rfind("HTTP/1.1 101", 0) != 0 ||
            head.find("Sec-WebSocket-Accept: " + wire::WebSocketHandshake::acceptKey(key)) == std::string::npos) {
            socket_.close();
            throw std::runtime_error("WebSocket handshake refused: " + head);
        }
    }
    connected_ = true;
    reader_ = std::thread([this] { readLoop(); });
}

void SimTerminal::disconnect() {
    if (reader_.joinable()) {
        try {
            socket_.shutdown();
        } catch (const Poco::Exception&) {
        }
        reader_.join();
    }
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
    }
    connected_ = false;
}

void SimTerminal::readLoop() {
    wire::JsonStreamSplitter splitter(64u << 20);
    wire::WebSocketDecoder decoder(64u << 20);
    char buffer[65536];
    for (;;) {
        int n = 0;
        try {
            n = socket_.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception&) {
            n = 0;
        }
        if (n <= 0) break;
        std::vector<std::string> objects;
        try {
            if (options_.webSocket) {
                std::vector<wire::WsMessage> messages;
                decoder.feed(std::string_view(buffer, n), messages);
                for (const auto& m : messages) {
                    if (m.opcode == wire::WsOpcode::Text) splitter.feed(m.payload, objects);
                    if (m.opcode == wire::WsOpcode::Close) closedByServer_ = true;
                }
            } else {
                splitter.feed(std::string_view(buffer, n), objects);
            }
        } catch (const std::exception&) {
            break;
        }
        try {
            for (const auto& o : objects) onObject(o);
        } catch (const std::exception& e) {
            // A terminal that cannot answer drops the connection (the server sees it close).
            std::lock_guard lock(mutex_);
            error_ = e.what();
            break;
        }
    }
    closedByServer_ = true;
    connected_ = false;
    changed_.notify_all();
}

void SimTerminal::onObject(const std::string& text) {
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        return;
    }
    const std::string session = object->optValue<std::string>("session_id", "");
    const int type = object->optValue<int>("type", 1);
    if (type == 2) {
        std::lock_guard lock(mutex_);
        answers_[session] = SimAnswer{object->optValue<int>("code", 0), object->optValue<std::string>("message", ""),
                                      object->optValue<std::string>("mod", "")};
        changed_.notify_all();
        return;
    }
    answer(object);
}

void SimTerminal::answer(const Poco::JSON::Object::Ptr& request) {
    const std::string mod = request->optValue<std::string>("mod", "");
    static const std::set<std::string> kDocumentMods{"get_device_info", "set_device_info", "download_person",
                                                     "upload_access_info", "send_user_command",
                                                     "send_device_command"};
    const bool unknown = options_.documentOnly && kDocumentMods.count(mod) == 0;
    int code = 0;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(mod);
        last_[mod] = request;
        const auto error = options_.errorCodes.find(mod);
        if (unknown) {
            code = -1;
        } else if (error != options_.errorCodes.end()) {
            const auto times = options_.errorTimes.find(mod);
            if (times == options_.errorTimes.end()) {
                code = error->second;
            } else if (times->second > 0) {
                code = error->second;
                --times->second;
            }
        }
        if (unknown || code != 0) {
            // Refused: nothing is carried out.
        } else if (mod == "download_person" || mod == "update_person") {
            auto info = request->getObject("person_info");
            if (info) {
                // A real terminal checks the photo it was sent: length is the decoded size.
                const auto face = info->getObject("face");
                if (face && decodeBase64(face->getValue<std::string>("data")).size() !=
                                face->getValue<std::size_t>("length")) {
                    info->set("_faceLengthMismatch", true);
                }
                persons_[info->getValue<std::string>("person_id")] = info;
            }
        } else if (mod == "remove_person") {
            persons_.erase(request->optValue<std::string>("person_id", ""));
        } else if (mod == "send_user_command" || mod == "send_device_command") {
            commands_.push_back(request);
        } else if (mod == "set_device_time" && options_.clockOffsetSeconds) {
            // The terminal sets its clock to the server's local time.
            const std::string t = request->optValue<std::string>("time", "");
            if (t.size() == 14) {
                std::tm parts{};
                parts.tm_year = std::stoi(t.substr(0, 4)) - 1900;
                parts.tm_mon = std::stoi(t.substr(4, 2)) - 1;
                parts.tm_mday = std::stoi(t.substr(6, 2));
                parts.tm_hour = std::stoi(t.substr(8, 2));
                parts.tm_min = std::stoi(t.substr(10, 2));
                parts.tm_sec = std::stoi(t.substr(12, 2));
                const std::int64_t utc = static_cast<std::int64_t>(timegm(&parts)) - options_.utcOffsetMinutes * 60;
                options_.clockOffsetSeconds = utc - static_cast<std::int64_t>(std::time(nullptr));
            }
        }
    }
    changed_.notify_all();
    if (options_.silent || options_.silentMods.count(mod)) return;
    if (options_.dropOnMods.count(mod)) {
        // From the reader thread: shut the socket down (the reader ends);
        // the test's connect() joins it and opens a new connection.
        try {
            socket_.shutdown();
        } catch (const Poco::Exception&) {
        }
        connected_ = false;
        return;
    }
    if (options_.answerDelay.count() > 0) std::this_thread::sleep_for(options_.answerDelay);

    Poco::JSON::Object::Ptr reply = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const bool info = mod == "get_device_info";
    reply->set("mod", info && options_.answerInfoAsSetDeviceInfo ? std::string("set_device_info") : mod);
    reply->set("session_id", request->optValue<std::string>("session_id", ""));
    reply->set("type", 2);
    reply->set("code", code);
    reply->set("message", unknown ? "unknown mod" : code == 0 ? "" : "simulated error");
    if (info && code == 0) reply->set("device_info", infoObject());
    if (mod == "get_device_status" && code == 0) {
        Poco::JSON::Object::Ptr status = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        status->set("door", "closed");
        status->set("persons", static_cast<Poco::UInt64>(persons().size()));
        reply->set("device_status", status);
    }
    if (mod == "set_device_info" && code == 0 && request->getObject("device_info")) {
        auto current = infoObject();
        const auto wanted = request->getObject("device_info");
        for (const auto& name : wanted->getNames()) current->set(name, wanted->get(name));
        options_.deviceInfo = current;
    }
    write(stringify(reply));
}

std::optional<SimAnswer> SimTerminal::sendAccessInfo(const Poco::JSON::Object::Ptr& accessInfo,
                                                     std::chrono::milliseconds timeout) {
    std::string session;
    {
        std::lock_guard lock(mutex_);
        session = options_.uuid + "-rec-" + std::to_string(nextSession_++);
    }
    Poco::JSON::Object::Ptr request = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    request->set("mod", "upload_access_info");
    request->set("session_id", session);
    request->set("type", 1);
    request->set("access_info", accessInfo);
    write(stringify(request));
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return answers_.count(session) > 0 || !connected_; })) return std::nullopt;
    const auto found = answers_.find(session);
    if (found == answers_.end()) return std::nullopt;
    return found->second;
}

void SimTerminal::write(const std::string& object) {
    if (options_.writeChunk == 0) {
        writeFrame(object);
        return;
    }
    for (std::size_t at = 0; at < object.size(); at += options_.writeChunk) {
        writeFrame(object.substr(at, options_.writeChunk));
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void SimTerminal::writeFrame(const std::string& payload) {
    std::lock_guard lock(writeMutex_);
    if (options_.webSocket) {
        static thread_local Poco::Random random;
        const std::string frame = wire::encodeMaskedWebSocketFrame(wire::WsOpcode::Text, payload, random.next());
        socket_.sendBytes(frame.data(), static_cast<int>(frame.size()));
    } else {
        socket_.sendBytes(payload.data(), static_cast<int>(payload.size()));
    }
}

void SimTerminal::sendText(const std::string& text, std::size_t pieces) {
    const std::size_t size = (text.size() + pieces - 1) / std::max<std::size_t>(pieces, 1);
    for (std::size_t at = 0; at < text.size(); at += size) {
        writeFrame(text.substr(at, size));
        if (pieces > 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

void SimTerminal::sendBytes(const std::string& bytes) {
    std::lock_guard lock(writeMutex_);
    socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
}

std::vector<std::string> SimTerminal::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t SimTerminal::count(const std::string& mod) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& r : requests_) n += r == mod ? 1 : 0;
    return n;
}

std::map<std::string, Poco::JSON::Object::Ptr> SimTerminal::persons() const {
    std::lock_guard lock(mutex_);
    return persons_;
}

std::vector<Poco::JSON::Object::Ptr> SimTerminal::commands() const {
    std::lock_guard lock(mutex_);
    return commands_;
}

Poco::JSON::Object::Ptr SimTerminal::lastRequest(const std::string& mod) const {
    std::lock_guard lock(mutex_);
    const auto found = last_.find(mod);
    return found == last_.end() ? nullptr : found->second;
}

bool SimTerminal::waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::milliseconds(50));
    }
    return true;
}

} // namespace passway::sim::tcpjson
