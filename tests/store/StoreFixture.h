#pragma once

// A fresh store for each test case: SQLite in its own temporary folder, or,
// when PASSWAY_TEST_STORE=postgresql (the *_pg tests in CTest), a schema of
// its own in the test program's PostgreSQL (support/PostgresServer.h), so
// the same test cases run against both implementations.

#include "store/postgresql/PgStore.h"
#include "store/sqlite/SqliteStore.h"
#include "support/PostgresServer.h"
#include "support/TempDir.h"

#include <cstdlib>
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

inline bool testingPostgresql() {
    const char* backend = std::getenv("PASSWAY_TEST_STORE");
    return backend && std::string(backend) == "postgresql";
}

struct StoreFixture {
    TempDir dir{"passway-store-test"};
    std::string path = dir.file("passway.db");
    std::string url = testingPostgresql() ? postgresForTests().freshStoreUrl() : std::string();
    std::unique_ptr<Store> store = open();

    std::unique_ptr<Store> open() const {
        if (url.empty()) return openSqliteStore(SqliteOptions{path});
        PgOptions options;
        options.url = url;
        return openPostgresqlStore(options);
    }

    // Closes and opens the store again, as a restart does.
    void reopen() {
        store.reset();
        store = open();
    }

    Device addDevice(const std::string& serial, const std::string& protocol = "httpv2") {
        Device device;
        device.protocol = protocol;
        device.serial = serial;
        return store->devices().create(device);
    }
};

} // namespace passway::test
