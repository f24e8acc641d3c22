#pragma once

// A real admin server for tests: a SQLite store in a temporary folder, a blob
// store, an event bus that records what was published, and the AdminServer on
// 127.0.0.1 with a free port. The bootstrap admin is logged in; `call` speaks
// real HTTP to it.

#include "admin/AdminBootstrap.h"
#include "admin/AdminServer.h"
#include "bus/EventBus.h"
#include "store/BlobStore.h"
#include "store/Store.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"
#include "util/Metrics.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace passway::test {

struct Response {
    int status = 0;
    std::string body;
    std::string contentType;
    std::map<std::string, std::string> headers;

    Poco::JSON::Object::Ptr json() const {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    }
    Poco::JSON::Array::Ptr items() const { return json()->getArray("items"); }
    std::string errorCode() const { return json()->getObject("error")->getValue<std::string>("code"); }
    std::string errorMessage() const { return json()->getObject("error")->getValue<std::string>("message"); }
    std::string errorField() const { return json()->getObject("error")->optValue<std::string>("field", ""); }
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

// Events the bus delivered, for assertions on what the API published.
class EventRecorder {
public:
    void add(const Event& event) {
        std::lock_guard lock(mutex_);
        events_.push_back(event);
        changed_.notify_all();
    }
    // Waits until `count` events of `topic` arrived; returns those seen.
    std::vector<Event> waitFor(const std::string& topic, std::size_t count,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock lock(mutex_);
        std::vector<Event> found;
        changed_.wait_for(lock, timeout, [&] {
            found.clear();
            for (const auto& e : events_) {
                if (e.topic == topic) found.push_back(e);
            }
            return found.size() >= count;
        });
        return found;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Event> events_;
};

inline Poco::JSON::Object::Ptr parseObject(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

class AdminFixture {
public:
    static constexpr const char* kAdminPassword = "first-admin-password";

    explicit AdminFixture(AdminOptions options = defaultOptions()) {
        SqliteOptions storeOptions;
        storeOptions.path = dir.file("passway.db");
        storeOptions.synchronous = "NORMAL";  // durability is not under test here; speed is welcome
        store = openSqliteStore(storeOptions);
        blobs = std::make_unique<BlobStore>(dir.file("blobs"), false);
        bus = std::make_unique<EventBus>();
        bus->subscribe("*", [this](const Event& e) { events.add(e); }, "test-recorder");

        std::filesystem::create_directories(dir.path() / "www" / "css");
        writeFile("www/index.html", "<!doctype html><title>Passway test page</title>");
        writeFile("www/css/site.css", "body { color: #222; }");
        writeFile("secret.txt", "outside the web root");
        if (options.wwwDir.empty()) options.wwwDir = dir.file("www");

        AdminBootstrap::ensureFirstAdmin(*store, kAdminPassword);
        server = std::make_unique<AdminServer>(*store, *blobs, *bus, metrics, options);
        server->start();
        adminToken = login("admin", kAdminPassword);
        if (adminToken.empty()) throw std::runtime_error("the bootstrap admin cannot log in");
    }

    ~AdminFixture() {
        server->stop();
        bus->shutdown();
    }

    static AdminOptions defaultOptions() {
        AdminOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.maxThreads = 4;
        return options;
    }

    std::uint16_t port() const { return server->port(); }

    Response call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "", const std::string& contentType = "application/json",
                  const std::map<std::string, std::string>& headers = {}) const {
        Poco::Net::HTTPClientSession session("127.0.0.1", port());
        session.setTimeout(Poco::Timespan(20, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token.empty()) request.set("Authorization", "Bearer " + token);
        for (const auto& [name, value] : headers) request.set(name, value);
        if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
            request.setContentType(contentType);
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            session.sendRequest(request) << body;
        } else {
            session.sendRequest(request);
        }
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Response reply;
        reply.status = static_cast<int>(response.getStatus());
        reply.contentType = response.getContentType();
        for (const auto& [name, value] : response) reply.headers[name] = value;
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }

    // The same call with the bootstrap admin's token.
    Response admin(const std::string& method, const std::string& path, const std::string& body = "",
                   const std::string& contentType = "application/json") const {
        return call(method, path, body, adminToken, contentType);
    }

    std::string login(const std::string& username, const std::string& password) const {
        const auto reply = call("POST", "/api/v1/auth/login",
                                R"({"username":")" + username + R"(","password":")" + password + R"("})");
        return reply.status == 200 ? reply.json()->getValue<std::string>("token") : "";
    }

    // Creates an admin user with `role` through the API and logs it in.
    std::string userToken(const std::string& username, const std::string& role) {
        const std::string password = username + "-password";
        const auto created = admin("POST", "/api/v1/users",
                                   R"({"username":")" + username + R"(","password":")" + password +
                                       R"(","role":")" + role + R"("})");
        if (created.status != 201) throw std::runtime_error("cannot create user: " + created.body);
        return login(username, password);
    }

    // Devices come from plugins, so tests create them in the store directly.
    Device addDevice(const std::string& serial, const std::string& protocol = "httpv2") {
        Device device;
        device.protocol = protocol;
        device.serial = serial;
        device.name = "Gate " + serial;
        return store->devices().create(device);
    }

    void writeFile(const std::string& relative, const std::string& content) const {
        std::ofstream(dir.file(relative), std::ios::binary) << content;
    }

    TempDir dir{"passway-admin"};
    Metrics metrics;
    std::unique_ptr<Store> store;
    std::unique_ptr<BlobStore> blobs;
    std::unique_ptr<EventBus> bus;
    EventRecorder events;
    std::unique_ptr<AdminServer> server;
    std::string adminToken;
};

// A tiny but real JPEG/PNG header followed by filler: enough for type sniffing.
inline std::string fakeJpeg(std::size_t size = 2048) {
    std::string bytes("\xFF\xD8\xFF\xE0", 4);
    bytes.resize(size, '\x11');
    return bytes;
}
inline std::string fakePng(std::size_t size = 2048) {
    std::string bytes("\x89PNG\r\n\x1A\n", 8);
    bytes.resize(size, '\x22');
    return bytes;
}

} // namespace passway::test
