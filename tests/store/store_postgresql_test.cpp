// What only the PostgreSQL store has: the pool, reconnecting, migrations
// under an advisory lock, and the URL kept out of logs. The repositories'
// behaviour is tested by the other store tests run as *_pg.

#include <boost/test/unit_test.hpp>

#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgMigrations.h"
#include "store/postgresql/PgStore.h"
#include "support/PostgresServer.h"

#include <atomic>
#include <future>
#include <thread>

using namespace passway;
using passway::test::postgresForTests;

namespace {

PgOptions optionsFor(const std::string& url) {
    PgOptions options;
    options.url = url;
    return options;
}

} // namespace

BOOST_AUTO_TEST_CASE(sqlite_parameters_become_numbered_ones_outside_quotes) {
    BOOST_TEST(pgParameters("SELECT ? , ?") == "SELECT $1 , $2");
    BOOST_TEST(pgParameters("WHERE (?1 = '' OR state = ?1) LIMIT ?2") == "WHERE ($1 = '' OR state = $1) LIMIT $2");
    BOOST_TEST(pgParameters("WHERE a = '?' AND b = ? AND c = 'it''s ?'") == "WHERE a = '?' AND b = $1 AND c = 'it''s ?'");
}

BOOST_AUTO_TEST_CASE(describe_masks_the_password) {
    auto& server = postgresForTests();
    auto store = openPostgresqlStore(optionsFor(server.freshStoreUrl()));
    const std::string described = store->describe();
    BOOST_TEST(described.find("not-a-secret") == std::string::npos, described);
    BOOST_TEST(described.find("passway:***@127.0.0.1") != std::string::npos, described);
    BOOST_TEST(store->schemaVersion() == static_cast<int>(postgresqlMigrations().size()));
}

BOOST_AUTO_TEST_CASE(hosts_starting_together_apply_each_migration_once) {
    auto& server = postgresForTests();
    const std::string url = server.freshStoreUrl();
    // Four "hosts" open the same empty database at once.
    std::vector<std::future<int>> opened;
    for (int i = 0; i < 4; ++i) {
        opened.push_back(std::async(std::launch::async, [&] { return openPostgresqlStore(optionsFor(url))->schemaVersion(); }));
    }
    for (auto& version : opened) BOOST_TEST(version.get() == static_cast<int>(postgresqlMigrations().size()));
    auto store = openPostgresqlStore(optionsFor(url));
    store->kv().set("probe", "1");  // the schema works
    BOOST_TEST(store->kv().get("probe").value_or("") == "1");
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_is_replaced_without_a_restart) {
    auto& server = postgresForTests();
    auto store = openPostgresqlStore(optionsFor(server.freshStoreUrl()));
    store->kv().set("before", "1");
    // As a database restart or a failover does to every client.
    server.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'passwayd'");
    store->kv().set("after", "2");
    BOOST_TEST(store->kv().get("before").value_or("") == "1");
    BOOST_TEST(store->kv().get("after").value_or("") == "2");
}

BOOST_AUTO_TEST_CASE(a_full_pool_answers_with_an_error_in_bounded_time) {
    auto& server = postgresForTests();
    PgOptions options = optionsFor(server.freshStoreUrl());
    options.poolSize = 1;
    options.poolWaitMs = 200;
    auto store = openPostgresqlStore(options);

    std::promise<void> holding;
    std::promise<void> release;
    auto released = release.get_future().share();
    std::thread holder([&] {
        store->atomically([&] {
            store->kv().set("held", "1");
            holding.set_value();
            released.wait();
        });
    });
    holding.get_future().wait();
    bool refused = false;
    try {
        store->kv().get("held");
    } catch (const StoreError& e) {
        refused = std::string(e.what()).find("store.pool_size") != std::string::npos;
    }
    release.set_value();
    holder.join();
    BOOST_TEST(refused);
    BOOST_TEST(store->kv().get("held").value_or("") == "1");  // the pool serves again
}

BOOST_AUTO_TEST_CASE(a_unit_of_work_is_invisible_to_other_threads_until_it_commits) {
    auto& server = postgresForTests();
    auto store = openPostgresqlStore(optionsFor(server.freshStoreUrl()));
    std::promise<void> written;
    std::promise<void> checked;
    auto checkedFuture = checked.get_future().share();
    std::thread writer([&] {
        store->atomically([&] {
            store->kv().set("pending", "1");
            written.set_value();
            checkedFuture.wait();
        });
    });
    written.get_future().wait();
    const bool seenEarly = store->kv().get("pending").has_value();
    checked.set_value();
    writer.join();
    BOOST_TEST(!seenEarly);
    BOOST_TEST(store->kv().get("pending").value_or("") == "1");
}

BOOST_AUTO_TEST_CASE(an_unreachable_database_is_a_clear_error) {
    PgOptions options = optionsFor("postgresql://passway:hunter2@127.0.0.1:1/passway");
    options.connectTimeoutS = 2;
    try {
        openPostgresqlStore(options);
        BOOST_FAIL("opened a store on a closed port");
    } catch (const StoreError& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("cannot connect") != std::string::npos, message);
        BOOST_TEST(message.find("hunter2") == std::string::npos, message);
    }
}
