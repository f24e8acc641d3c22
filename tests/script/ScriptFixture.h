#pragma once

// The real services scripts run on: SQLite in a temporary folder, the event
// bus, the outbox dispatcher (short back-off) and a ScriptHost over a
// scripts folder the test fills. restart() tears all of it down and builds it
// again on the same files, like a host restart.

#include "bus/EventBus.h"
#include "journal/EventJournal.h"
#include "outbox/OutboxDispatcher.h"
#include "script/ScriptHost.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"

#include <Poco/Util/MapConfiguration.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace passway {
inline std::ostream& operator<<(std::ostream& out, ScriptState state) { return out << toString(state); }
}  // namespace passway

namespace passway::test {

inline bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

inline std::string shippedScript(const std::string& name) {
    std::ifstream in(std::string(PASSWAY_SOURCE_DIR) + "/scripts/" + name + ".lua", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class ScriptFixture {
public:
    ScriptFixture() {
        std::filesystem::create_directories(scriptsDir());
        outboxOptions.pollInterval = std::chrono::milliseconds(50);
        outboxOptions.backoff = std::chrono::milliseconds(100);
        outboxOptions.maxBackoff = std::chrono::milliseconds(800);
        outboxOptions.maxAttempts = 50;
        outboxOptions.requestTimeout = std::chrono::milliseconds(2000);
        scriptOptions.dir = scriptsDir();
        scriptOptions.exportDir = dir.file("export");
        scriptOptions.reloadPoll = std::chrono::milliseconds(100);
        scriptOptions.deadline = std::chrono::milliseconds(200);
        scriptOptions.maxFailures = 3;
        config = new Poco::Util::MapConfiguration;
    }
    ~ScriptFixture() { down(); }

    std::string scriptsDir() const { return dir.file("scripts"); }

    void writeScript(const std::string& name, const std::string& source) const {
        std::ofstream(scriptsDir() + "/" + name + ".lua", std::ios::binary | std::ios::trunc) << source;
    }
    void writeLib(const std::string& name, const std::string& source) const {
        const std::filesystem::path path(scriptsDir() + "/lib/" + name + ".lua");
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary | std::ios::trunc) << source;
    }

    // Opens the store and starts bus, outbox and scripts.
    void up() {
        store = openSqliteStore(SqliteOptions{dir.file("passway.db"), "NORMAL"});
        bus = std::make_unique<EventBus>(100000);
        if (withJournal) {
            journal = std::make_unique<EventJournal>(*store, journalOptions, clock);
            bus->setLog(journal.get());
        }
        outbox = std::make_unique<OutboxDispatcher>(*store, outboxOptions);
        outbox->start();
        if (beforeScripts) beforeScripts();
        host = std::make_unique<ScriptHost>(
            ScriptServices{*store, *bus, outbox.get(), config.get(), face, blobs, journal.get()}, scriptOptions);
        if (follower) host->follow();
        host->start();
    }

    void down() {
        if (bus) bus->shutdown();
        if (host) host->stop();
        if (outbox) outbox->stop();
        if (journal) journal->stop();
        host.reset();
        outbox.reset();
        bus.reset();
        journal.reset();
        store.reset();
    }

    void restart() {
        down();
        up();
    }

    ScriptState state(const std::string& name) const {
        const auto s = host->status(name);
        return s ? s->state : ScriptState::Failed;
    }

    TempDir dir{"passway-script"};
    OutboxOptions outboxOptions;
    ScriptOptions scriptOptions;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config;
    std::unique_ptr<Store> store;
    std::unique_ptr<EventBus> bus;
    // Scripts read events from a journal (as in passwayd) when set before up().
    bool withJournal = false;
    // Starts as a cluster's follower (scripts loaded, handlers and timers not run) when set before up().
    bool follower = false;
    JournalOptions journalOptions;
    ManualClock clock;
    std::unique_ptr<EventJournal> journal;
    std::unique_ptr<OutboxDispatcher> outbox;
    std::unique_ptr<ScriptHost> host;
    // For the face scripts: called in up() once the store is open, to build
    // the services below (owned by the test).
    std::function<void()> beforeScripts;
    FaceService* face = nullptr;
    BlobStore* blobs = nullptr;
};

}  // namespace passway::test
