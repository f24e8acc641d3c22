#include <boost/test/unit_test.hpp>

#include "ReadMeanwhile.h"
#include "StoreFixture.h"

#include "passway/Clock.h"

using namespace passway;

BOOST_FIXTURE_TEST_SUITE(audit, test::StoreFixture)

BOOST_AUTO_TEST_CASE(append_and_list_newest_first_with_filters) {
    const std::int64_t before = nowMillis();
    auto append = [&](const std::string& actor, const std::string& action, const std::string& target,
                      std::int64_t at = 0) {
        AuditEntry entry;
        entry.actor = actor;
        entry.action = action;
        entry.target = target;
        entry.detail = R"({"n":1})";
        entry.at = at;
        store->audit().append(entry);
    };
    append("admin", "person.update", "person:1");
    append("admin", "device.activate", "device:7");
    append("bob", "person.update", "person:2");
    append("system", "person.delete", "person:1", 1234);

    AuditQuery all;
    auto page = store->audit().list(all);
    BOOST_TEST(page.total == 4);
    BOOST_REQUIRE_EQUAL(page.items.size(), 4u);
    BOOST_TEST(page.items[0].actor == "system");   // newest first
    BOOST_TEST(page.items[0].at == 1234);           // a given time is kept
    BOOST_TEST(page.items[3].action == "person.update");
    BOOST_TEST(page.items[3].at >= before);         // filled when 0
    BOOST_TEST(page.items[3].detail == R"({"n":1})");
    BOOST_TEST(page.items[3].id < page.items[0].id);

    AuditQuery byActor;
    byActor.actor = "admin";
    page = store->audit().list(byActor);
    BOOST_TEST(page.total == 2);
    BOOST_TEST(page.items[0].action == "device.activate");

    AuditQuery byAction;
    byAction.action = "person.update";
    BOOST_TEST(store->audit().list(byAction).total == 2);

    AuditQuery byTarget;
    byTarget.target = "person:1";
    byTarget.actor = "admin";
    page = store->audit().list(byTarget);
    BOOST_TEST(page.total == 1);
    BOOST_TEST(page.items.at(0).action == "person.update");

    AuditQuery paged;
    paged.offset = 1;
    paged.limit = 2;
    page = store->audit().list(paged);
    BOOST_TEST(page.total == 4);
    BOOST_REQUIRE_EQUAL(page.items.size(), 2u);
    BOOST_TEST(page.items[0].actor == "bob");
}

// The audit screen while another thread's unit of work appends: the last
// commit, at once.
BOOST_AUTO_TEST_CASE(the_list_does_not_wait_for_another_threads_transaction) {
    auto entry = [](const std::string& action) {
        AuditEntry e;
        e.actor = "admin";
        e.action = action;
        e.target = "person:1";
        return e;
    };
    store->audit().append(entry("person.update"));
    const auto seen = test::readMeanwhile(
        *store, [&] { store->audit().append(entry("person.delete")); },
        [&] { return store->audit().list(AuditQuery{}).total; });
    BOOST_TEST(seen.answeredMeanwhile);
    BOOST_TEST(seen.value == 1);
    BOOST_TEST(seen.insideValue == 2);
    BOOST_TEST(store->audit().list(AuditQuery{}).total == 2);
}

BOOST_AUTO_TEST_SUITE_END()
