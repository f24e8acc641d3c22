#pragma once

// The real services a GroupCommitRecordIngest stands on (SQLite in a
// temporary folder, a synced blob store, the event bus), plus the helpers the
// ingest tests share: records and photos made from an index, a recorder of
// the events, and a second SQLite connection that can hold the write lock.

#include "bus/EventBus.h"
#include "ingest/GroupCommitRecordIngest.h"
#include "store/BlobStore.h"
#include "support/BusRecorder.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"
#include "util/Metrics.h"

#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace passway::test {

inline bool waitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

// Bytes that differ per index, like JPEGs of different faces.
inline std::string photoFor(long index, std::size_t size = 4096) {
    std::mt19937 random(static_cast<std::uint32_t>(index) * 2654435761u + 17u);
    std::string bytes(size, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random() & 0xff);
    return bytes;
}

inline IngestItem itemFor(std::int64_t deviceId, long index, bool withPhoto = true) {
    IngestItem item;
    item.record.deviceId = deviceId;
    item.record.deviceRecordId = "r-" + std::to_string(index);
    item.record.deviceTime = 1'700'000'000'000 + index;
    item.record.userId = static_cast<std::uint32_t>(index % 100 + 1);
    item.record.verifyType = "face";
    item.record.direction = "in";
    item.record.temperature = 36.5;
    item.record.raw = R"({"seq":)" + std::to_string(index) + "}";
    if (withPhoto) item.photo = photoFor(index);
    return item;
}

using EventRecorder = BusRecorder;

// A second connection to the database that takes the write lock, so the
// ingest's transaction meets a store that cannot take it.
class WriteLockHolder {
public:
    explicit WriteLockHolder(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
        if (sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("cannot lock: ") + sqlite3_errmsg(db_));
        }
    }
    ~WriteLockHolder() {
        release();
        sqlite3_close(db_);
    }
    void release() {
        if (locked_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        locked_ = false;
    }

private:
    sqlite3* db_ = nullptr;
    bool locked_ = true;
};

struct IngestFixture {
    TempDir dir{"passway-ingest-test"};
    std::string databasePath = dir.file("passway.db");
    std::unique_ptr<Store> store;
    BlobStore blobs{dir.file("blobs")};  // synced, as in production
    EventBus bus;
    Metrics metrics;
    EventRecorder created;
    std::unique_ptr<GroupCommitRecordIngest> ingest;
    std::int64_t deviceId = 0;

    explicit IngestFixture(GroupCommitOptions options = {}, int busyTimeoutMs = 5000) {
        SqliteOptions storeOptions{databasePath};
        storeOptions.busyTimeoutMs = busyTimeoutMs;
        store = openSqliteStore(storeOptions);
        Device device;
        device.protocol = "httpv2";
        device.serial = "INGEST-1";
        deviceId = store->devices().create(device).id;
        bus.subscribe("record.created", created.handler(), "test");
        ingest = std::make_unique<GroupCommitRecordIngest>(*store, blobs, bus, metrics, options);
    }

    ~IngestFixture() {
        ingest.reset();
        bus.shutdown();
    }

    std::uint64_t counter(const std::string& name) { return metrics.counter(name, "").load(); }
};

} // namespace passway::test
