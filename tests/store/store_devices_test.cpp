#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

using namespace passway;

BOOST_FIXTURE_TEST_SUITE(devices, test::StoreFixture)

BOOST_AUTO_TEST_CASE(create_find_and_list) {
    Device device;
    device.protocol = "httpv2";
    device.serial = "SN-001";
    device.name = "North gate";
    device.reported = R"({"fw":"1.2"})";
    device.accessGroups = {"north", "all"};
    const Device created = store->devices().create(device);
    BOOST_TEST(created.id > 0);
    BOOST_TEST(created.state == DeviceState::Pending);
    BOOST_TEST(created.createdAt > 0);
    BOOST_TEST(created.name == "North gate");
    BOOST_TEST(created.reported == R"({"fw":"1.2"})");
    BOOST_TEST(created.desired == "{}");
    BOOST_TEST(created.accessGroups == device.accessGroups, boost::test_tools::per_element());

    BOOST_TEST(store->devices().find(created.id)->serial == "SN-001");
    BOOST_TEST(store->devices().findBySerial("httpv2", "SN-001")->id == created.id);
    BOOST_TEST(!store->devices().findBySerial("tcpjson", "SN-001").has_value());
    BOOST_TEST(!store->devices().find(created.id + 100).has_value());

    // The same serial under another protocol is another device.
    const Device other = addDevice("SN-001", "tcpjson");
    BOOST_TEST(other.id != created.id);
    const auto all = store->devices().list();
    BOOST_REQUIRE_EQUAL(all.size(), 2u);
    BOOST_TEST(all[0].id == created.id);
    BOOST_TEST(all[1].id == other.id);
}

BOOST_AUTO_TEST_CASE(a_duplicate_serial_is_a_conflict) {
    addDevice("SN-9");
    try {
        addDevice("SN-9");
        BOOST_FAIL("expected a conflict");
    } catch (const StoreError& e) {
        BOOST_TEST(e.conflict());
    }
    BOOST_TEST(store->devices().list().size() == 1u);
}

BOOST_AUTO_TEST_CASE(update_state_contact_and_removal) {
    Device device = addDevice("SN-1");
    device.name = "Renamed";
    device.desired = R"({"volume":3})";
    device.reported = R"({"fw":"2"})";
    device.accessGroups = {"b"};
    device.state = DeviceState::Disabled;  // not saved by update: state has its own call
    device.serial = "CHANGED";              // nor is the identity
    BOOST_TEST(store->devices().update(device));
    auto found = store->devices().find(device.id);
    BOOST_TEST(found->name == "Renamed");
    BOOST_TEST(found->desired == R"({"volume":3})");
    BOOST_TEST(found->reported == R"({"fw":"2"})");
    BOOST_TEST(found->accessGroups == std::vector<std::string>{"b"}, boost::test_tools::per_element());
    BOOST_TEST(found->state == DeviceState::Pending);
    BOOST_TEST(found->serial == "SN-1");

    BOOST_TEST(store->devices().setState(device.id, DeviceState::Active));
    BOOST_TEST(store->devices().find(device.id)->state == DeviceState::Active);

    BOOST_TEST(store->devices().markSeen(device.id, 1700000000123, "10.0.0.7:5000"));
    found = store->devices().find(device.id);
    BOOST_TEST(found->online);
    BOOST_TEST(found->lastSeen == 1700000000123);
    BOOST_TEST(found->address == "10.0.0.7:5000");
    BOOST_TEST(store->devices().setOnline(device.id, false));
    BOOST_TEST(!store->devices().find(device.id)->online);

    Device missing;
    missing.id = 12345;
    BOOST_TEST(!store->devices().update(missing));
    BOOST_TEST(!store->devices().setState(12345, DeviceState::Active));
    BOOST_TEST(!store->devices().markSeen(12345, 1, ""));
    BOOST_TEST(!store->devices().setOnline(12345, true));
}

BOOST_AUTO_TEST_CASE(remove_keeps_records_and_never_reuses_the_id) {
    const Device device = addDevice("SN-1");
    Record record;
    record.deviceId = device.id;
    record.deviceRecordId = "r1";
    record.deviceTime = 1000;
    store->records().insert(record);

    BOOST_TEST(store->devices().remove(device.id));
    BOOST_TEST(!store->devices().remove(device.id));
    BOOST_TEST(!store->devices().find(device.id).has_value());
    BOOST_TEST(store->records().count() == 1);  // history stays

    const Device next = addDevice("SN-1");
    BOOST_TEST(next.id > device.id);
}

BOOST_AUTO_TEST_CASE(pinned_and_pending_addresses) {
    const Device device = addDevice("SN-PIN", "httpv2");
    BOOST_TEST(device.pinnedAddress.empty());
    BOOST_TEST(device.pendingAddress.empty());
    BOOST_TEST(store->devices().pinAddress(device.id, "192.0.2.7"));
    BOOST_TEST(store->devices().setPendingAddress(device.id, "198.51.100.9"));
    auto read = *store->devices().find(device.id);
    BOOST_TEST(read.pinnedAddress == "192.0.2.7");
    BOOST_TEST(read.pendingAddress == "198.51.100.9");
    // Accepting the new address clears the pending one.
    BOOST_TEST(store->devices().pinAddress(device.id, "198.51.100.9"));
    read = *store->devices().find(device.id);
    BOOST_TEST(read.pinnedAddress == "198.51.100.9");
    BOOST_TEST(read.pendingAddress.empty());
    BOOST_TEST(!store->devices().pinAddress(device.id + 100, "x"));
    BOOST_TEST(!store->devices().setPendingAddress(device.id + 100, "x"));
}

BOOST_AUTO_TEST_CASE(count_and_oldest_by_state) {
    const Device a = addDevice("SN-A", "httpv2");
    const Device b = addDevice("SN-B", "httpv2");
    const Device c = addDevice("SN-C", "tcpjson");
    store->devices().setState(b.id, DeviceState::Active);
    BOOST_TEST(store->devices().countInState(DeviceState::Pending) == 2u);
    BOOST_TEST(store->devices().countInState(DeviceState::Active) == 1u);
    BOOST_TEST(store->devices().countInState(DeviceState::Disabled) == 0u);
    BOOST_TEST(store->devices().oldestInState(DeviceState::Pending, 1) == std::vector<std::int64_t>{a.id});
    BOOST_TEST(store->devices().oldestInState(DeviceState::Pending, 5) == (std::vector<std::int64_t>{a.id, c.id}));
}

BOOST_AUTO_TEST_CASE(address_history_keeps_first_and_last_contact_per_address) {
    const Device device = addDevice("SN-ADDR");
    BOOST_TEST(store->devices().markSeen(device.id, 1000, "192.0.2.7"));
    BOOST_TEST(store->devices().markSeen(device.id, 2000, "192.0.2.7"));
    BOOST_TEST(store->devices().markSeen(device.id, 3000, "198.51.100.9"));
    // Out of order (a late offline() with an older contact) only widens the span.
    BOOST_TEST(store->devices().markSeen(device.id, 500, "192.0.2.7"));
    BOOST_TEST(store->devices().markSeen(device.id, 4000, ""));  // no address: nothing to remember

    const auto addresses = store->devices().addresses(device.id);
    BOOST_REQUIRE_EQUAL(addresses.size(), 2u);
    BOOST_TEST(addresses[0].address == "198.51.100.9");  // most recently seen first
    BOOST_TEST(addresses[0].firstSeen == 3000);
    BOOST_TEST(addresses[0].lastSeen == 3000);
    BOOST_TEST(addresses[1].address == "192.0.2.7");
    BOOST_TEST(addresses[1].firstSeen == 500);
    BOOST_TEST(addresses[1].lastSeen == 2000);

    BOOST_TEST(!store->devices().markSeen(device.id + 100, 1, "203.0.113.1"));
    BOOST_TEST(store->devices().addresses(device.id + 100).empty());
    BOOST_TEST(store->devices().remove(device.id));
    BOOST_TEST(store->devices().addresses(device.id).empty());
}

BOOST_AUTO_TEST_CASE(alarm_history_pages_newest_first_and_goes_with_the_device) {
    const Device device = addDevice("SN-ALARM");
    const Device other = addDevice("SN-OTHER");
    for (int i = 0; i < 5; ++i) {
        const auto added = store->deviceAlarms().add(
            DeviceAlarmEntry{0, device.id, i % 2 ? "doorSensor" : "fire", "keepalive", "system.alarm_" + std::to_string(i),
                             i == 4, 1000 + i});
        BOOST_TEST(added.id > 0);
    }
    store->deviceAlarms().add(DeviceAlarmEntry{0, other.id, "anti", "", "", false, 9000});

    auto page = store->deviceAlarms().list(device.id, 0, 2);
    BOOST_TEST(page.total == 5);
    BOOST_REQUIRE_EQUAL(page.items.size(), 2u);
    BOOST_TEST(page.items[0].event == "system.alarm_4");
    BOOST_TEST(page.items[0].cleared);
    BOOST_TEST(page.items[0].at == 1004);
    BOOST_TEST(page.items[0].alarm == "fire");
    BOOST_TEST(page.items[0].source == "keepalive");
    BOOST_TEST(page.items[0].deviceId == device.id);
    BOOST_TEST(page.items[1].event == "system.alarm_3");
    BOOST_TEST(!page.items[1].cleared);
    page = store->deviceAlarms().list(device.id, 4, 10);
    BOOST_REQUIRE_EQUAL(page.items.size(), 1u);
    BOOST_TEST(page.items[0].event == "system.alarm_0");

    // An alarm for a device that does not exist is refused by the foreign key.
    BOOST_CHECK_THROW(store->deviceAlarms().add(DeviceAlarmEntry{0, other.id + 100, "fire", "", "", false, 1}), StoreError);
    BOOST_TEST(store->devices().remove(device.id));
    BOOST_TEST(store->deviceAlarms().list(device.id, 0, 10).total == 0);
    BOOST_TEST(store->deviceAlarms().list(other.id, 0, 10).total == 1);
}

BOOST_AUTO_TEST_SUITE_END()
