// What lets several hosts share one PostgreSQL store: two stores opened on
// one database stand for two hosts. SQLite has none of it (cluster() is
// null: a cluster of one).

#include <boost/test/unit_test.hpp>

#include "store/postgresql/PgStore.h"
#include "store/sqlite/SqliteStore.h"
#include "support/PostgresServer.h"
#include "support/TempDir.h"
#include "passway/Clock.h"

#include <algorithm>
#include <chrono>
#include <set>

using namespace passway;
using namespace std::chrono_literals;
using passway::test::postgresForTests;

namespace {

struct TwoHosts {
    std::string url = postgresForTests().freshStoreUrl();
    std::unique_ptr<Store> a = open();
    std::unique_ptr<Store> b = open();

    std::unique_ptr<Store> open() const {
        PgOptions options;
        options.url = url;
        return openPostgresqlStore(options);
    }
};

OutboxItem item(const std::string& key) {
    OutboxItem i;
    i.origin = "test";
    i.url = "http://127.0.0.1:9/in";
    i.idempotencyKey = key;
    return i;
}

std::set<std::int64_t> ids(const std::vector<OutboxItem>& items) {
    std::set<std::int64_t> out;
    for (const auto& i : items) out.insert(i.id);
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_sqlite_store_is_a_cluster_of_one) {
    test::TempDir dir("store-cluster");
    SqliteOptions options;
    options.path = dir.file("passway.db");
    BOOST_TEST(openSqliteStore(options)->cluster() == nullptr);
}

BOOST_AUTO_TEST_CASE(each_outbox_item_is_claimed_by_one_host_until_its_lease_ends) {
    TwoHosts hosts;
    for (int i = 0; i < 4; ++i) hosts.a->outbox().enqueue(item("k" + std::to_string(i)));
    const std::int64_t now = nowMillis() + 1;
    const auto first = hosts.a->outbox().claimDue(now, 2, now + 60000);
    const auto second = hosts.b->outbox().claimDue(now, 10, now + 60000);
    BOOST_TEST(first.size() == 2u);
    BOOST_TEST(second.size() == 2u);
    std::set<std::int64_t> all = ids(first);
    for (const auto id : ids(second)) BOOST_TEST(all.insert(id).second);  // no item twice
    BOOST_TEST(hosts.a->outbox().claimDue(now, 10, now + 60000).empty());
    // A's host died after delivering one: the rest are due again when the lease ends.
    BOOST_TEST(hosts.a->outbox().markDelivered(first.front().id));
    BOOST_TEST(hosts.b->outbox().claimDue(now + 60001, 10, now + 120000).size() == 3u);
}

BOOST_AUTO_TEST_CASE(one_host_leads_until_it_lets_go_or_its_session_ends) {
    TwoHosts hosts;
    auto a = hosts.a->cluster()->leaderLock();
    auto b = hosts.b->cluster()->leaderLock();
    BOOST_TEST(a->hold());
    BOOST_TEST(a->hold());  // still held: checked, not taken twice
    BOOST_TEST(!b->hold());
    a->release();
    BOOST_TEST(b->hold());
    BOOST_TEST(!a->hold());
    b.reset();  // its connection closes, as a killed host's does
    BOOST_TEST(a->hold());
    // Another schema of the same database has a leader of its own.
    TwoHosts elsewhere;
    BOOST_TEST(elsewhere.a->cluster()->leaderLock()->hold());
}

BOOST_AUTO_TEST_CASE(an_append_on_one_host_wakes_the_others_tail_and_names_its_host) {
    TwoHosts hosts;
    auto wakeup = hosts.b->cluster()->journalWakeup();
    wakeup->wait(100ms);  // connects and listens
    std::vector<JournalEntry> entries{JournalEntry{0, "person.changed", "core", R"({"userId":1})", 0, "host-a"}};
    hosts.a->journal().append(entries);
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(wakeup->wait(10s));
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
    const auto read = hosts.b->journal().readAfter(0, 10);
    BOOST_REQUIRE(read.size() == 1u);
    BOOST_TEST(read[0].host == "host-a");
}

BOOST_AUTO_TEST_CASE(hosts_beat_take_device_leases_over_and_dead_hosts_are_forgotten) {
    TwoHosts hosts;
    auto& cluster = *hosts.a->cluster();
    const std::int64_t now = nowMillis();
    cluster.beat(ClusterHostRow{"a", "10.0.0.1:8080", now - 100, now - 100, 5, true});
    hosts.b->cluster()->beat(ClusterHostRow{"b", "10.0.0.2:8080", now, now, 7, true});
    auto rows = cluster.hosts();
    BOOST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(!rows[0].leader);  // b's beat as leader cleared a's flag
    BOOST_TEST(rows[1].leader);
    BOOST_TEST(rows[1].journalPosition == 7);

    cluster.holdDevice(1, "a", now, now + 5000);
    cluster.holdDevice(2, "a", now, now + 5000);
    cluster.holdDevice(1, "b", now, now + 5000);  // the device reconnected to b
    cluster.releaseDevice(1, "a");               // a's late goodbye changes nothing
    cluster.renewLeases("b", now + 9000);
    auto leases = cluster.leases();
    BOOST_REQUIRE(leases.size() == 2u);
    BOOST_TEST(leases[0].host == "b");
    BOOST_TEST(leases[0].expiresAt == now + 9000);
    BOOST_TEST(leases[1].host == "a");

    BOOST_TEST(cluster.forgetHostsSeenBefore(now - 50) == 1);  // a stopped beating
    BOOST_TEST(cluster.hosts().size() == 1u);
    BOOST_TEST(cluster.leases().size() == 1u);
    cluster.leave("b");
    BOOST_TEST(cluster.hosts().empty());
    BOOST_TEST(cluster.leases().empty());
}
