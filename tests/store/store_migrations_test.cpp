#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include "store/sqlite/SqliteDatabase.h"
#include "store/sqlite/SqliteMigrator.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"

#include <fstream>
#include <optional>

using namespace passway;

namespace {

struct Applied {
    int version;
    std::string name;
    std::int64_t appliedAt;
};

// Reads schema_version through a connection of its own.
std::vector<Applied> appliedMigrations(const std::string& path) {
    SqliteDatabase db(SqliteDatabaseOptions{path});
    auto lock = db.lock();
    auto rows = db.prepare("SELECT version, name, applied_at FROM schema_version ORDER BY version");
    std::vector<Applied> applied;
    while (rows.step()) applied.push_back(Applied{rows.int32(0), rows.text(1), rows.int64(2)});
    return applied;
}

bool tableExists(SqliteDatabase& db, const std::string& name) {
    auto lock = db.lock();
    auto row = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    row.bind(1, name);
    return row.step();
}

int latest() { return static_cast<int>(sqliteMigrations().size()); }

// A record row as schemas 1 to 4 hold it (the repository writes the latest
// schema's columns), through a connection of its own.
std::int64_t insertSchema4Record(const std::string& path, std::int64_t deviceId, const std::string& deviceRecordId,
                                 std::int64_t deviceTime, std::optional<std::int64_t> userId) {
    SqliteDatabase db(SqliteDatabaseOptions{path});
    auto lock = db.lock();
    db.prepare("INSERT INTO records (device_id, device_record_id, user_id, device_time, received_time, verify_type) "
               "VALUES (?, ?, ?, ?, ?, 'face')")
        .bindAll(deviceId, deviceRecordId, userId, deviceTime, deviceTime)
        .run();
    return db.lastInsertRowId();
}

} // namespace

BOOST_AUTO_TEST_CASE(the_embedded_migrations_are_numbered_and_named) {
    const auto& migrations = sqliteMigrations();
    BOOST_REQUIRE_GE(migrations.size(), 2u);
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        BOOST_TEST(migrations[i].version == static_cast<int>(i) + 1);
        BOOST_TEST(std::string(migrations[i].name).size() > 0u);
        BOOST_TEST(std::string(migrations[i].sql).find("CREATE") != std::string::npos);
    }
    BOOST_TEST(std::string(migrations[0].name) == "initial");
}

BOOST_AUTO_TEST_CASE(an_empty_database_is_migrated_to_the_latest_schema) {
    test::TempDir dir;
    const std::string path = dir.file("sub/folder/passway.db");  // parent folders are created
    {
        auto store = openSqliteStore(SqliteOptions{path});
        BOOST_TEST(store->schemaVersion() == latest());
        BOOST_TEST(store->describe() == "sqlite:" + path);
    }
    const auto applied = appliedMigrations(path);
    BOOST_REQUIRE_EQUAL(applied.size(), sqliteMigrations().size());
    for (std::size_t i = 0; i < applied.size(); ++i) {
        BOOST_TEST(applied[i].version == sqliteMigrations()[i].version);
        BOOST_TEST(applied[i].name == sqliteMigrations()[i].name);
        BOOST_TEST(applied[i].appliedAt > 0);
    }
    // Opening again applies nothing twice.
    openSqliteStore(SqliteOptions{path});
    BOOST_TEST(appliedMigrations(path).size() == applied.size());
    BOOST_TEST(appliedMigrations(path)[0].appliedAt == applied[0].appliedAt);
    BOOST_TEST(sqliteIntegrityCheck(path) == "ok");
}

BOOST_AUTO_TEST_CASE(a_database_of_the_previous_schema_is_migrated_with_its_rows) {
    test::TempDir dir;
    const std::string path = dir.file("passway.db");
    std::int64_t deviceId = 0;
    std::int64_t recordId = 0;
    {
        SqliteOptions options{path};
        options.migrateTo = 1;
        auto store = openSqliteStore(options);
        BOOST_TEST(store->schemaVersion() == 1);
        // Version 1 has no sync ledger and no outbox yet.
        BOOST_CHECK_THROW(store->sync().countPending(), StoreError);
        BOOST_CHECK_THROW(store->outbox().countInState(OutboxState::Pending), StoreError);

        Person person;
        person.name = "Before the upgrade";
        person.credentials = {Credential{"card", "777", "", 0}};
        store->persons().save(person);
        // The device row as the version-1 binary wrote it (today's
        // repository reads columns that version 1 does not have).
        {
            SqliteDatabase db(SqliteDatabaseOptions{path});
            auto lock = db.lock();
            db.exec("INSERT INTO devices (protocol, serial, address, created_at, updated_at) "
                    "VALUES ('attlog', 'OLD-1', '192.0.2.7', 1, 1)");
            deviceId = db.lastInsertRowId();
        }
        AdminUser user;
        user.username = "admin";
        user.role = "admin";
        store->users().create(user);
        store->kv().set("cursor", "42");
    }
    recordId = insertSchema4Record(path, deviceId, "old-record", 1000, std::nullopt);  // the same columns in 1..4
    BOOST_TEST(appliedMigrations(path).size() == 1u);

    auto store = openSqliteStore(SqliteOptions{path});
    BOOST_TEST(store->schemaVersion() == latest());
    BOOST_TEST(store->persons().findByCredential("card", "777")->name == "Before the upgrade");
    BOOST_TEST(store->devices().findBySerial("attlog", "OLD-1")->id == deviceId);
    // Version 7: a device known before keeps the address it last used as the one it is known by.
    BOOST_TEST(store->devices().find(deviceId)->pinnedAddress == "192.0.2.7");
    BOOST_TEST(store->records().find(recordId)->deviceRecordId == "old-record");
    BOOST_TEST(store->users().findByName("admin").has_value());
    BOOST_TEST(*store->kv().get("cursor") == "42");
    // What version 2 added works on the migrated data.
    store->sync().want(deviceId, 1, 1, false);
    BOOST_TEST(store->sync().countPending() == 1);
    OutboxItem item;
    item.url = "https://example/";
    BOOST_TEST(store->outbox().enqueue(item).id > 0);

    const auto applied = appliedMigrations(path);
    BOOST_REQUIRE_EQUAL(applied.size(), sqliteMigrations().size());  // every later migration ran too
    BOOST_TEST(applied[0].version == 1);
    BOOST_TEST(applied[1].version == 2);
    BOOST_TEST(applied[1].name == sqliteMigrations()[1].name);
    BOOST_TEST(applied[1].appliedAt >= applied[0].appliedAt);
    BOOST_TEST(sqliteIntegrityCheck(path) == "ok");
}

BOOST_AUTO_TEST_CASE(migration_6_keeps_old_refusals_permanent) {
    test::TempDir dir;
    const std::string path = dir.file("passway.db");
    std::int64_t deviceId = 0;
    {
        SqliteOptions options{path};
        options.migrateTo = 5;
        openSqliteStore(options);
        // As the version-5 binary wrote it (today's repository writes later columns).
        SqliteDatabase db(SqliteDatabaseOptions{path});
        auto lock = db.lock();
        db.exec("INSERT INTO devices (protocol, serial, created_at, updated_at) VALUES ('httpv2', 'OLD-6', 1, 1)");
        deviceId = db.lastInsertRowId();
    }
    {
        // Rows as schema 5 wrote them: a refusal was only its error code.
        sqlite3* db = nullptr;
        BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const std::string sql =
            "INSERT INTO sync_entries (device_id, user_id, wanted_version, last_error_code, last_error, wanted_at, "
            "updated_at) VALUES (" + std::to_string(deviceId) + ", 1, 1000, 20, 'face repeated', 1, 1), (" +
            std::to_string(deviceId) + ", 2, 1000, 0, '', 1, 1)";
        BOOST_REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto store = openSqliteStore(SqliteOptions{path});
    const auto entries = store->sync().forDevice(deviceId);
    BOOST_REQUIRE_EQUAL(entries.size(), 2u);
    BOOST_TEST((entries.at(0).failure == SyncFailure::Permanent));
    BOOST_TEST((entries.at(1).failure == SyncFailure::None));
    BOOST_TEST(store->personReviews().count("pending") == 0);
}

BOOST_AUTO_TEST_CASE(a_newer_database_is_refused) {
    test::TempDir dir;
    const std::string path = dir.file("passway.db");
    openSqliteStore(SqliteOptions{path});
    {
        SqliteDatabase db(SqliteDatabaseOptions{path});
        auto lock = db.lock();
        db.exec("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'from_the_future', 1)");
    }
    try {
        openSqliteStore(SqliteOptions{path});
        BOOST_FAIL("expected the newer schema to be refused");
    } catch (const StoreError& e) {
        const std::string expected =
            "database schema 99 is newer than this passwayd (" + std::to_string(latest()) + ")";
        BOOST_TEST(std::string(e.what()).find(expected) != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_failing_migration_leaves_the_previous_version_intact) {
    test::TempDir dir;
    SqliteDatabase db(SqliteDatabaseOptions{dir.file("custom.db")});
    const std::vector<SqliteMigration> migrations = {
        {1, "initial", "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER);"
                       "CREATE TABLE a (x INTEGER);"},
        {2, "broken", "CREATE TABLE b (y INTEGER); INSERT INTO no_such_table VALUES (1);"},
    };
    SqliteMigrator migrator(db, migrations);
    try {
        migrator.migrate();
        BOOST_FAIL("expected migration 2 to fail");
    } catch (const StoreError& e) {
        BOOST_TEST(std::string(e.what()).find("migration 2 (broken)") != std::string::npos, e.what());
    }
    BOOST_TEST(migrator.currentVersion() == 1);
    BOOST_TEST(tableExists(db, "a"));
    BOOST_TEST(!tableExists(db, "b"));  // the half of migration 2 that ran was rolled back
}

BOOST_AUTO_TEST_CASE(bad_options_and_bad_files_give_clear_errors) {
    test::TempDir dir;
    SqliteOptions badLevel{dir.file("a.db")};
    badLevel.synchronous = "SOMETIMES";
    try {
        openSqliteStore(badLevel);
        BOOST_FAIL("expected a bad synchronous level to be refused");
    } catch (const StoreError& e) {
        BOOST_TEST(std::string(e.what()).find("SOMETIMES") != std::string::npos);
    }

    SqliteOptions normal{dir.file("b.db")};
    normal.synchronous = "normal";
    BOOST_CHECK_NO_THROW(openSqliteStore(normal));

    const std::string garbage = dir.file("garbage.db");
    std::ofstream(garbage) << std::string(8192, 'x');
    try {
        openSqliteStore(SqliteOptions{garbage});
        BOOST_FAIL("expected a file that is no database to be refused");
    } catch (const StoreError& e) {
        BOOST_TEST(std::string(e.what()).find(garbage) != std::string::npos, e.what());
    }

    BOOST_CHECK_THROW(openSqliteStore(SqliteOptions{""}), StoreError);
    BOOST_CHECK_THROW(sqliteIntegrityCheck(dir.file("missing.db")), StoreError);
}

BOOST_AUTO_TEST_CASE(schema_5_keeps_records_and_commands_and_tells_old_retries_from_reused_numbers) {
    test::TempDir dir;
    const std::string path = dir.file("passway.db");
    std::int64_t deviceId = 0;
    std::int64_t oldRecord = 0;
    std::int64_t command = 0;
    {
        SqliteOptions options{path};
        options.migrateTo = 4;
        auto store = openSqliteStore(options);
        {
            // As the version-4 binary wrote it (today's repository writes later columns).
            SqliteDatabase db(SqliteDatabaseOptions{path});
            auto lock = db.lock();
            db.exec("INSERT INTO devices (protocol, serial, created_at, updated_at) VALUES ('httpv2', 'OLD-5', 1, 1)");
            deviceId = db.lastInsertRowId();
        }
        Command open;
        open.deviceId = deviceId;
        open.kind = "open_door";
        store->commands().queue(open);
        command = store->commands().queue(open).id;
        BOOST_TEST(store->commands().transition(command - 1, CommandState::Done, "{}"));
    }
    oldRecord = insertSchema4Record(path, deviceId, "1", 1718616000000, 7);
    {
        // The newest command was deleted before the upgrade: its id is never given again.
        SqliteDatabase db(SqliteDatabaseOptions{path});
        auto lock = db.lock();
        db.prepare("DELETE FROM commands WHERE id = ?").bindAll(command).run();
    }

    auto store = openSqliteStore(SqliteOptions{path});
    BOOST_TEST(store->schemaVersion() == latest());
    const auto kept = store->records().find(oldRecord);
    BOOST_REQUIRE(kept.has_value());
    BOOST_TEST(kept->deviceRecordId == "1");
    BOOST_TEST(kept->card.empty());

    // The terminal retries the record it sent before the upgrade: the same row.
    Record retry;
    retry.deviceId = deviceId;
    retry.deviceRecordId = "1";
    retry.deviceTime = 1718616000000;
    retry.userId = 7;
    retry.identity = "RecordDate=1718616000|UserID=7";
    const auto again = store->records().insert(retry);
    BOOST_TEST(!again.created);
    BOOST_TEST(again.id == oldRecord);
    // After a ClearRecord the number comes back with another punch: a new row.
    Record reused = retry;
    reused.deviceTime = 1718619600000;
    reused.identity = "RecordDate=1718619600|UserID=7";
    BOOST_TEST(store->records().insert(reused).created);

    // Commands: the rows, the id counter and the new state.
    BOOST_TEST(std::string(toString(store->commands().find(command - 1)->state)) == "done");
    Command next;
    next.deviceId = deviceId;
    next.kind = "restart";
    const auto queued = store->commands().queue(next);
    BOOST_TEST(queued.id > command);
    BOOST_TEST(store->commands().transition(queued.id, CommandState::Sent, ""));
    BOOST_TEST(store->commands().transition(queued.id, CommandState::Unknown, "{}"));
    BOOST_TEST(std::string(toString(store->commands().find(queued.id)->state)) == "unknown");
    BOOST_TEST(!store->commands().transition(queued.id, CommandState::Done, "{}"));  // final
    BOOST_TEST(sqliteIntegrityCheck(path) == "ok");
}
