#include <boost/test/unit_test.hpp>

// The SyncReconciler against the real admin API (persons and devices changed
// over HTTP, events from the real handlers), a real SQLite store and the real
// event bus. Plugins are played by the test: they activate devices by
// publishing device.state.changed, and confirm entries in the store.

#include "admin/AdminFixture.h"
#include "sync/SyncReconciler.h"
#include "sync/SyncVersion.h"

#include <functional>
#include <map>
#include <set>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

std::string groupsJson(const std::vector<std::string>& groups) {
    std::string json = "[";
    for (const auto& group : groups) json += (json.size() > 1 ? ",\"" : "\"") + group + "\"";
    return json + "]";
}

struct SyncFixture : AdminFixture {
    std::unique_ptr<SyncReconciler> reconciler;

    SyncFixture() { restartReconciler(); }
    ~SyncFixture() { reconciler.reset(); }

    // As a host restart does: a new reconciler, whose start() runs the full pass.
    void restartReconciler() {
        reconciler.reset();
        reconciler = std::make_unique<SyncReconciler>(*store, *bus, SyncReconcilerOptions{0s});
        reconciler->start();
    }

    std::int64_t device(const std::string& serial, const std::vector<std::string>& groups, bool activate = true) {
        const std::int64_t id = addDevice(serial).id;
        if (!groups.empty()) {
            const auto reply = admin("PATCH", "/api/v1/devices/" + std::to_string(id),
                                     R"({"accessGroups":)" + groupsJson(groups) + "}");
            BOOST_REQUIRE_EQUAL(reply.status, 200);
        }
        if (activate) {
            BOOST_REQUIRE_EQUAL(admin("POST", "/api/v1/devices/" + std::to_string(id) + "/activate").status, 200);
        }
        return id;
    }

    std::uint32_t person(std::uint32_t userId, const std::vector<std::string>& groups,
                         const std::string& role = "normal") {
        const auto reply = admin("POST", "/api/v1/persons",
                                 R"({"userId":)" + std::to_string(userId) + R"(,"name":"P)" + std::to_string(userId) +
                                     R"(","role":")" + role + R"(","accessGroups":)" + groupsJson(groups) + "}");
        BOOST_REQUIRE_EQUAL(reply.status, 201);
        return userId;
    }

    void setPersonGroups(std::uint32_t userId, const std::vector<std::string>& groups) {
        const auto reply = admin("PATCH", "/api/v1/persons/" + std::to_string(userId),
                                 R"({"accessGroups":)" + groupsJson(groups) + "}");
        BOOST_REQUIRE_EQUAL(reply.status, 200);
    }

    std::int64_t versionOf(std::uint32_t userId) { return store->persons().find(userId)->version; }

    // What the ledger wants on a device: userId -> person version, or -1 for a removal.
    std::map<std::uint32_t, std::int64_t> wanted(std::int64_t deviceId) {
        std::map<std::uint32_t, std::int64_t> out;
        for (const auto& entry : store->sync().forDevice(deviceId)) {
            out[entry.userId] = entry.removal ? -1 : personVersionOf(entry.wantedVersion);
        }
        return out;
    }

    bool ledgerIs(std::int64_t deviceId, const std::map<std::uint32_t, std::int64_t>& expected) {
        return waitUntil([&] { return wanted(deviceId) == expected; });
    }

    // A plugin that pushed everything pending and heard back from the device.
    void confirmAll(std::int64_t deviceId) {
        for (const auto& entry : store->sync().forDevice(deviceId)) {
            store->sync().confirm(deviceId, entry.userId, entry.wantedVersion);
        }
    }
};

std::string describe(const std::map<std::uint32_t, std::int64_t>& ledger) {
    std::string text;
    for (const auto& [user, version] : ledger) text += std::to_string(user) + ":" + std::to_string(version) + " ";
    return text;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(sync_reconciler, SyncFixture)

BOOST_AUTO_TEST_CASE(persons_added_in_the_admin_reach_every_device_of_their_groups) {
    const auto lobby = device("LOBBY", {"lobby"});
    const auto lab = device("LAB", {"lab"});
    const auto everywhere = device("ALL", {});
    const auto waiting = device("PENDING", {"lobby"}, /*activate=*/false);

    person(1, {"lobby"});
    person(2, {"lab", "roof"});
    person(3, {});
    person(4, {"lobby"}, "blacklist");  // pushed too: the terminal must refuse them

    BOOST_TEST(ledgerIs(lobby, {{1, 1}, {4, 1}}), describe(wanted(lobby)));
    BOOST_TEST(ledgerIs(lab, {{2, 1}}), describe(wanted(lab)));
    BOOST_TEST(ledgerIs(everywhere, {{1, 1}, {2, 1}, {3, 1}, {4, 1}}), describe(wanted(everywhere)));
    BOOST_TEST(wanted(waiting).empty());
    for (const auto& entry : store->sync().forDevice(everywhere)) BOOST_TEST(entry.pending());

    // An edit is wanted again at its new version, confirmed state or not.
    confirmAll(lobby);
    BOOST_REQUIRE_EQUAL(admin("PATCH", "/api/v1/persons/1", R"({"name":"Renamed"})").status, 200);
    BOOST_TEST(ledgerIs(lobby, {{1, 2}, {4, 1}}), describe(wanted(lobby)));
    for (const auto& entry : store->sync().forDevice(lobby)) BOOST_TEST(entry.pending() == (entry.userId == 1));

    // The pending device, once active, gets its whole share at once.
    BOOST_REQUIRE_EQUAL(admin("POST", "/api/v1/devices/" + std::to_string(waiting) + "/activate").status, 200);
    BOOST_TEST(ledgerIs(waiting, {{1, 2}, {4, 1}}), describe(wanted(waiting)));
}

BOOST_AUTO_TEST_CASE(a_person_leaving_a_group_is_dropped_from_its_devices) {
    const auto lobby = device("LOBBY", {"lobby"});
    const auto lab = device("LAB", {"lab"});
    person(1, {"lobby"});
    BOOST_REQUIRE(ledgerIs(lobby, {{1, 1}}));
    confirmAll(lobby);

    setPersonGroups(1, {"lab"});
    BOOST_TEST(ledgerIs(lobby, {{1, -1}}), describe(wanted(lobby)));
    BOOST_TEST(ledgerIs(lab, {{1, 2}}), describe(wanted(lab)));
    const auto drop = store->sync().forDevice(lobby).at(0);
    BOOST_TEST(drop.pending());  // the device holds version 1 and must delete it
    BOOST_TEST(store->sync().pendingFor(lobby, true, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_device_changing_groups_is_reconciled_as_a_whole) {
    const auto gate = device("GATE", {"lobby"});
    person(1, {"lobby"});
    person(2, {"lab"});
    person(3, {"lobby", "lab"});
    BOOST_REQUIRE(ledgerIs(gate, {{1, 1}, {3, 1}}));
    confirmAll(gate);

    BOOST_REQUIRE_EQUAL(admin("PATCH", "/api/v1/devices/" + std::to_string(gate), R"({"accessGroups":["lab"]})").status,
                        200);
    // The first one is from setting the device up with the lobby.
    const auto event = events.waitFor("device.access_groups.changed", 2);
    BOOST_REQUIRE_EQUAL(event.size(), 2u);
    const auto payload = parseObject(event[1].payload);
    BOOST_TEST(payload->getValue<std::int64_t>("deviceId") == gate);
    BOOST_REQUIRE_EQUAL(payload->getArray("accessGroups")->size(), 1u);
    BOOST_TEST(payload->getArray("accessGroups")->getElement<std::string>(0) == "lab");
    BOOST_TEST(ledgerIs(gate, {{1, -1}, {2, 1}, {3, 1}}), describe(wanted(gate)));
    // Person 3 stays as confirmed: nothing to do for them.
    for (const auto& entry : store->sync().forDevice(gate)) BOOST_TEST(entry.pending() == (entry.userId != 3));
    confirmAll(gate);

    // Back to the lobby, nobody edited meanwhile: person 1 must be pushed
    // again although their version did not move.
    BOOST_REQUIRE_EQUAL(admin("PATCH", "/api/v1/devices/" + std::to_string(gate), R"({"name":"renamed only"})").status,
                        200);
    BOOST_REQUIRE_EQUAL(
        admin("PATCH", "/api/v1/devices/" + std::to_string(gate), R"({"accessGroups":["lobby"]})").status, 200);
    BOOST_TEST(ledgerIs(gate, {{1, 1}, {2, -1}, {3, 1}}), describe(wanted(gate)));
    for (const auto& entry : store->sync().forDevice(gate)) BOOST_TEST(entry.pending() == (entry.userId != 3));
    BOOST_TEST(events.waitFor("device.access_groups.changed", 4, 300ms).size() == 3u);  // none for the rename
}

BOOST_AUTO_TEST_CASE(a_removed_person_is_dropped_from_every_device_that_had_them) {
    const auto lobby = device("LOBBY", {"lobby"});
    const auto everywhere = device("ALL", {});
    const auto disabled = device("OFF", {"lobby"});
    person(1, {"lobby"});
    person(2, {"lobby"});
    BOOST_REQUIRE(ledgerIs(disabled, {{1, 1}, {2, 1}}));
    BOOST_REQUIRE_EQUAL(admin("POST", "/api/v1/devices/" + std::to_string(disabled) + "/disable").status, 200);
    confirmAll(lobby);

    BOOST_REQUIRE_EQUAL(admin("DELETE", "/api/v1/persons/1").status, 204);
    BOOST_TEST(ledgerIs(lobby, {{1, -1}, {2, 1}}), describe(wanted(lobby)));
    BOOST_TEST(ledgerIs(everywhere, {{1, -1}, {2, 1}}), describe(wanted(everywhere)));
    BOOST_TEST(ledgerIs(disabled, {{1, -1}, {2, 1}}), describe(wanted(disabled)));  // it may still hold them
    for (const auto& entry : store->sync().forPerson(1)) BOOST_TEST(entry.pending());

    // Created again under the same id: wanted again, above the removal.
    person(1, {"lobby"});
    BOOST_TEST(ledgerIs(lobby, {{1, versionOf(1)}, {2, 1}}), describe(wanted(lobby)));
    const auto entry = store->sync().forPerson(1).at(0);
    BOOST_TEST(entry.pending());
}

BOOST_AUTO_TEST_CASE(a_device_a_plugin_activates_gets_its_persons) {
    person(1, {"lobby"});
    person(2, {"lab"});
    // As a plugin does for an unknown serial with devices.auto_activate.
    Device created;
    created.protocol = "httpv2";
    created.serial = "NEW-SN";
    created.accessGroups = {"lab"};
    const auto id = store->devices().create(created).id;
    store->devices().setState(id, DeviceState::Active);
    bus->publish("device.state.changed",
                 R"({"deviceId":)" + std::to_string(id) + R"(,"serial":"NEW-SN","protocol":"httpv2","state":"active"})",
                 "httpv2");
    BOOST_TEST(ledgerIs(id, {{2, 1}}), describe(wanted(id)));
}

BOOST_AUTO_TEST_CASE(a_restart_keeps_what_devices_confirmed_and_catches_up_on_what_it_missed) {
    const auto lobby = device("LOBBY", {"lobby"});
    person(1, {"lobby"});
    person(2, {"lobby"});
    person(3, {"lobby"});
    BOOST_REQUIRE(ledgerIs(lobby, {{1, 1}, {2, 1}, {3, 1}}));
    confirmAll(lobby);
    store->sync().fail(lobby, 3, 461, "photo quality too low");  // a refusal stays on record
    const auto before = store->sync().forDevice(lobby);

    restartReconciler();
    BOOST_TEST(reconciler->reconcileAll() == 0u);
    const auto after = store->sync().forDevice(lobby);
    BOOST_REQUIRE_EQUAL(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        BOOST_TEST(after[i].wantedVersion == before[i].wantedVersion);
        BOOST_TEST(after[i].confirmedVersion == before[i].confirmedVersion);
        BOOST_TEST(after[i].updatedAt == before[i].updatedAt);
    }
    BOOST_TEST(after[2].lastErrorCode == 461);

    // Changes while the host is down (no reconciler, no events heard).
    reconciler.reset();
    Person edited = *store->persons().find(1);
    edited.name = "edited offline";
    store->persons().save(edited);
    store->persons().remove(2);
    Person added;
    added.userId = 4;
    added.name = "added offline";
    added.accessGroups = {"lobby"};
    store->persons().save(added);

    restartReconciler();  // the full pass at start, before any event
    BOOST_TEST(wanted(lobby) == (std::map<std::uint32_t, std::int64_t>{{1, 2}, {2, -1}, {3, 1}, {4, 1}}),
               describe(wanted(lobby)));
    BOOST_TEST(!store->sync().forDevice(lobby).at(2).pending());  // person 3 untouched
}

BOOST_AUTO_TEST_CASE(many_persons_at_once_are_reconciled_in_one_pass) {
    const auto lobby = device("LOBBY", {"lobby"});
    const auto lab = device("LAB", {"lab"});
    reconciler.reset();
    for (std::uint32_t id = 1; id <= 500; ++id) {
        Person person;
        person.userId = id;
        person.name = "P" + std::to_string(id);
        person.accessGroups = {id % 2 ? "lobby" : "lab"};
        store->persons().save(person);
    }
    restartReconciler();
    BOOST_TEST(store->sync().forDevice(lobby).size() == 250u);
    BOOST_TEST(store->sync().forDevice(lab).size() == 250u);
    BOOST_TEST(store->sync().countPending() == 500);
}

BOOST_AUTO_TEST_SUITE_END()
