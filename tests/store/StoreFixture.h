#pragma once

// A fresh SQLite store in its own temporary folder for each test case.

#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"

#include <memory>
#include <ostream>
#include <string>

namespace passway {

// So BOOST_TEST can print the states it compares.
inline std::ostream& operator<<(std::ostream& out, DeviceState state) { return out << toString(state); }
inline std::ostream& operator<<(std::ostream& out, CommandState state) { return out << toString(state); }
inline std::ostream& operator<<(std::ostream& out, OutboxState state) { return out << toString(state); }

} // namespace passway

namespace passway::test {

struct StoreFixture {
    TempDir dir{"passway-store-test"};
    std::string path = dir.file("passway.db");
    std::unique_ptr<Store> store = openSqliteStore(SqliteOptions{path});

    // Closes and opens the store again, as a restart does.
    void reopen() {
        store.reset();
        store = openSqliteStore(SqliteOptions{path});
    }

    Device addDevice(const std::string& serial, const std::string& protocol = "httpv2") {
        Device device;
        device.protocol = protocol;
        device.serial = serial;
        return store->devices().create(device);
    }
};

} // namespace passway::test
