#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

#include <thread>

using namespace passway;

namespace {

std::vector<std::uint32_t> users(const std::vector<SyncEntry>& entries) {
    std::vector<std::uint32_t> result;
    for (const auto& entry : entries) result.push_back(entry.userId);
    return result;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(sync_entries, test::StoreFixture)

BOOST_AUTO_TEST_CASE(want_confirm_and_newer_changes) {
    const std::int64_t device = addDevice("SN-1").id;
    auto& sync = store->sync();

    sync.want(device, 7, 1, false);
    auto entries = sync.forDevice(device);
    BOOST_REQUIRE_EQUAL(entries.size(), 1u);
    BOOST_TEST(entries[0].wantedVersion == 1);
    BOOST_TEST(entries[0].confirmedVersion == 0);
    BOOST_TEST(entries[0].pending());
    BOOST_TEST(entries[0].updatedAt > 0);
    BOOST_TEST(sync.countPending() == 1);

    sync.confirm(device, 7, 1);
    BOOST_TEST(!sync.forDevice(device)[0].pending());
    BOOST_TEST(sync.countPending() == 0);
    BOOST_TEST(sync.pendingFor(device, false, 10).empty());

    // The person changed twice while the device was away; a late
    // confirmation of version 2 does not hide version 3.
    sync.want(device, 7, 3, false);
    sync.confirm(device, 7, 2);
    entries = sync.forDevice(device);
    BOOST_TEST(entries[0].confirmedVersion == 2);
    BOOST_TEST(entries[0].pending());
    // An even older confirmation never moves the confirmed version back.
    sync.confirm(device, 7, 1);
    BOOST_TEST(sync.forDevice(device)[0].confirmedVersion == 2);
    sync.confirm(device, 7, 3);
    BOOST_TEST(!sync.forDevice(device)[0].pending());

    // Confirming an entry that does not exist changes nothing.
    sync.confirm(device, 99, 5);
    BOOST_TEST(sync.forDevice(device).size() == 1u);
}

BOOST_AUTO_TEST_CASE(confirm_all_confirms_many_devices_at_once_with_the_same_rules) {
    const std::int64_t a = addDevice("SN-A").id;
    const std::int64_t b = addDevice("SN-B").id;
    auto& sync = store->sync();
    sync.wantAll({{a, 7, 2000, false}, {b, 7, 2000, false}, {b, 8, 3000, false}});
    sync.fail(b, 8, -3, "database");
    sync.confirmAll({{a, 7, 2000}, {b, 7, 1000}, {b, 8, 3000}, {b, 99, 5}});
    BOOST_TEST(!sync.forDevice(a)[0].pending());
    const auto entries = sync.forDevice(b);
    BOOST_REQUIRE_EQUAL(entries.size(), 2u);
    BOOST_TEST(entries[0].pending());             // an older version confirmed: still pending
    BOOST_TEST(!entries[1].pending());
    BOOST_TEST(entries[1].lastErrorCode == 0);    // a confirmation clears the error
    sync.confirmAll({});
    BOOST_TEST(sync.countPending() == 1);
}

BOOST_AUTO_TEST_CASE(fail_records_the_error_and_want_or_confirm_clear_it) {
    const std::int64_t device = addDevice("SN-1").id;
    auto& sync = store->sync();
    sync.want(device, 1, 1, false);
    sync.fail(device, 1, 461, "face photo quality too low");
    auto entry = sync.forDevice(device).at(0);
    BOOST_TEST(entry.lastErrorCode == 461);
    BOOST_TEST(entry.lastError == "face photo quality too low");
    BOOST_TEST(entry.pending());

    sync.want(device, 1, 2, false);
    entry = sync.forDevice(device).at(0);
    BOOST_TEST(entry.lastErrorCode == 0);
    BOOST_TEST(entry.lastError.empty());

    sync.fail(device, 1, 1, "busy");
    sync.confirm(device, 1, 2);
    BOOST_TEST(sync.forDevice(device).at(0).lastErrorCode == 0);
}

BOOST_AUTO_TEST_CASE(a_transient_failure_backs_off_doubling_to_the_cap_and_retry_makes_it_due) {
    const std::int64_t device = addDevice("SN-1").id;
    auto& sync = store->sync();
    sync.want(device, 1, 1, false);
    sync.want(device, 2, 1, false);
    sync.failTransient(device, 1, 24, "storage full", 1000, 3000);
    auto entry = sync.forDevice(device).at(0);
    BOOST_TEST((entry.failure == SyncFailure::Transient));
    BOOST_TEST(entry.attempts == 1);
    BOOST_TEST(entry.retryAt - entry.updatedAt == 1000);
    BOOST_TEST(!entry.due(entry.updatedAt));
    BOOST_TEST(entry.due(entry.retryAt));
    sync.failTransient(device, 1, 24, "storage full", 1000, 3000);
    entry = sync.forDevice(device).at(0);
    BOOST_TEST(entry.retryAt - entry.updatedAt == 2000);
    sync.failTransient(device, 1, 24, "storage full", 1000, 3000);
    entry = sync.forDevice(device).at(0);
    BOOST_TEST(entry.retryAt - entry.updatedAt == 3000);

    sync.fail(device, 2, 20, "face repeated");
    auto permanent = sync.forDevice(device).at(1);
    BOOST_TEST((permanent.failure == SyncFailure::Permanent));
    BOOST_TEST(!permanent.due(permanent.updatedAt + 86400000));

    // One entry, then all: due now, the last error kept until the next attempt.
    BOOST_TEST(sync.retry(device, 2u) == 1u);
    permanent = sync.forDevice(device).at(1);
    BOOST_TEST(permanent.due(permanent.updatedAt));
    BOOST_TEST(permanent.lastErrorCode == 20);
    BOOST_TEST(sync.retry(device, std::nullopt) == 2u);
    BOOST_TEST(sync.forDevice(device).at(0).due(sync.forDevice(device).at(0).updatedAt));
    // A new want forgets the failure entirely.
    sync.want(device, 1, 2, false);
    entry = sync.forDevice(device).at(0);
    BOOST_TEST((entry.failure == SyncFailure::None));
    BOOST_TEST(entry.attempts == 0);
    BOOST_TEST(entry.retryAt == 0);
}

BOOST_AUTO_TEST_CASE(the_inventory_keeps_the_latest_report_per_person_until_cleared) {
    const std::int64_t device = addDevice("SN-1").id;
    auto& sync = store->sync();
    sync.recordInventory(InventoryEntry{device, 5, true, R"({"name":"A"})", 0});
    sync.recordInventory(InventoryEntry{device, 6, true, "{}", 0});
    sync.recordInventory(InventoryEntry{device, 5, false, "{}", 0});
    auto inventory = sync.inventoryFor(device);
    BOOST_REQUIRE_EQUAL(inventory.size(), 2u);
    BOOST_TEST(inventory[0].userId == 5u);
    BOOST_TEST(!inventory[0].present);
    BOOST_TEST(inventory[0].reportedAt > 0);
    BOOST_TEST(inventory[1].present);
    sync.clearInventory(device);
    BOOST_TEST(sync.inventoryFor(device).empty());
}

BOOST_AUTO_TEST_CASE(pending_for_splits_removals_orders_by_change_and_limits) {
    const std::int64_t device = addDevice("SN-1").id;
    const std::int64_t other = addDevice("SN-2").id;
    auto& sync = store->sync();
    // Distinct milliseconds, so "oldest change first" is observable.
    auto tick = [] { std::this_thread::sleep_for(std::chrono::milliseconds(3)); };
    sync.want(device, 30, 1, false);
    tick();
    sync.want(device, 10, 1, false);
    tick();
    sync.want(device, 20, 4, true);
    tick();
    sync.want(device, 40, 1, false);
    tick();
    sync.want(other, 30, 1, false);
    sync.confirm(device, 40, 1);

    BOOST_TEST(users(sync.pendingFor(device, false, 10)) == (std::vector<std::uint32_t>{30, 10}),
               boost::test_tools::per_element());
    BOOST_TEST(users(sync.pendingFor(device, false, 1)) == std::vector<std::uint32_t>{30},
               boost::test_tools::per_element());
    const auto removals = sync.pendingFor(device, true, 10);
    BOOST_REQUIRE_EQUAL(removals.size(), 1u);
    BOOST_TEST(removals[0].userId == 20u);
    BOOST_TEST(removals[0].removal);
    BOOST_TEST(removals[0].wantedVersion == 4);

    // Person 30 changes again: it becomes the newest change.
    tick();
    sync.want(device, 30, 2, false);
    BOOST_TEST(users(sync.pendingFor(device, false, 10)) == (std::vector<std::uint32_t>{10, 30}),
               boost::test_tools::per_element());

    // A removal turned back into a wanted person leaves the removal list.
    sync.want(device, 20, 5, false);
    BOOST_TEST(sync.pendingFor(device, true, 10).empty());

    BOOST_TEST(sync.countPending() == 4);  // 30, 10, 20 on device; 30 on other
    BOOST_TEST(users(sync.forPerson(30)).size() == 2u);
    BOOST_TEST(sync.forPerson(30)[0].deviceId == device);
    BOOST_TEST(sync.forDevice(device).size() == 4u);

    // A removed device's entries go with it.
    store->devices().remove(other);
    BOOST_TEST(sync.forPerson(30).size() == 1u);
}

BOOST_AUTO_TEST_CASE(want_all_writes_every_want_or_none) {
    const std::int64_t device = addDevice("SN-1").id;
    const std::int64_t other = addDevice("SN-2").id;
    auto& sync = store->sync();
    sync.want(device, 1, 1, false);
    sync.confirm(device, 1, 1);
    sync.fail(device, 1, 7, "stale error");

    sync.wantAll({{device, 1, 2, true}, {device, 2, 1, false}, {other, 2, 1, false}});
    auto entries = sync.forDevice(device);
    BOOST_REQUIRE_EQUAL(entries.size(), 2u);
    BOOST_TEST(entries[0].removal);
    BOOST_TEST(entries[0].wantedVersion == 2);
    BOOST_TEST(entries[0].confirmedVersion == 1);  // kept: what the device holds
    BOOST_TEST(entries[0].lastErrorCode == 0);
    BOOST_TEST(entries[1].userId == 2u);
    BOOST_TEST(sync.forDevice(other).size() == 1u);
    BOOST_TEST(sync.countPending() == 3);

    // One bad want (an unknown device) and nothing of the batch is written.
    BOOST_CHECK_THROW(sync.wantAll({{device, 3, 1, false}, {12345, 3, 1, false}}), StoreError);
    BOOST_TEST(sync.forDevice(device).size() == 2u);
    sync.wantAll({});
    BOOST_TEST(sync.countPending() == 3);
}

BOOST_AUTO_TEST_CASE(a_wanted_entry_needs_a_known_device) {
    BOOST_CHECK_THROW(store->sync().want(12345, 1, 1, false), StoreError);
}

BOOST_AUTO_TEST_SUITE_END()
