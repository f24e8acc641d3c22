#pragma once

// Helpers shared by the plugin host tests: the core services a plugin host
// needs (the real SQLite store in a temp folder), waiting, sockets, and
// capturing events and log lines.

#include "bus/EventBus.h"
#include "ingest/GroupCommitRecordIngest.h"
#include "plugin/HostServices.h"
#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"
#include "support/BusRecorder.h"
#include "support/TempDir.h"
#include "util/Metrics.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Util/MapConfiguration.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::test {

inline bool waitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

inline bool acceptsConnections(std::uint16_t port) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(2, 0));
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

// The services a HostPluginContext or PluginManager is built on.
struct TestServices {
    TempDir dir{"passway-plugin-test"};
    std::unique_ptr<Store> store = openSqliteStore(SqliteOptions{dir.file("passway.db")});
    BlobStore blobs{dir.file("blobs"), false};
    EventBus bus;
    Metrics metrics;
    GroupCommitRecordIngest records{*store, blobs, bus, metrics};
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;

    HostServices services(bool autoActivateDevices = false) {
        return HostServices{*store, blobs, records, bus, metrics, *config, dir.file("data"), autoActivateDevices};
    }
};

// Events seen by the test itself.
using Recorder = BusRecorder;

// Keeps the lines logged to one logger while it is attached.
class CapturingChannel : public Poco::Channel {
public:
    void log(const Poco::Message& message) override {
        std::lock_guard lock(mutex_);
        lines_.push_back(message.getText());
    }
    bool contains(const std::string& text) {
        std::lock_guard lock(mutex_);
        for (const auto& line : lines_) {
            if (line.find(text) != std::string::npos) return true;
        }
        return false;
    }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

struct LogCapture {
    Poco::AutoPtr<CapturingChannel> channel = new CapturingChannel;
    Poco::Logger& logger;
    explicit LogCapture(const std::string& name) : logger(Poco::Logger::get(name)) { logger.setChannel(channel); }
    ~LogCapture() { logger.setChannel(nullptr); }
};

} // namespace passway::test
