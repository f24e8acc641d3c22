#include <boost/test/unit_test.hpp>

#include "sync/SyncPolicy.h"
#include "sync/SyncVersion.h"

using namespace passway;

namespace {

// The entry as the store would hold it after `want`, and after the device
// confirmed it.
SyncEntry written(const SyncWant& want, const SyncEntry* before = nullptr) {
    SyncEntry entry;
    entry.deviceId = want.deviceId;
    entry.userId = want.userId;
    entry.wantedVersion = want.version;
    entry.removal = want.removal;
    entry.confirmedVersion = before ? before->confirmedVersion : 0;
    return entry;
}

SyncEntry confirmed(SyncEntry entry) {
    entry.confirmedVersion = entry.wantedVersion;
    return entry;
}

} // namespace

BOOST_AUTO_TEST_CASE(groups_decide_who_a_device_serves) {
    using G = std::vector<std::string>;
    BOOST_TEST(SyncPolicy::groupsMatch(G{}, G{}));               // a device without groups serves everyone
    BOOST_TEST(SyncPolicy::groupsMatch(G{}, G{"lab"}));
    BOOST_TEST(SyncPolicy::groupsMatch(G{"lab", "lobby"}, G{"roof", "lobby"}));
    BOOST_TEST(!SyncPolicy::groupsMatch(G{"lab"}, G{"lobby"}));
    BOOST_TEST(!SyncPolicy::groupsMatch(G{"lab"}, G{}));         // a person without groups: only group-less devices

    Device device;
    device.accessGroups = {"lab"};
    Person person;
    person.accessGroups = {"lab"};
    person.role = "blacklist";  // still served: the terminal must know whom to refuse
    BOOST_TEST(!SyncPolicy::serves(device, person));  // pending
    device.state = DeviceState::Active;
    BOOST_TEST(SyncPolicy::serves(device, person));
    device.state = DeviceState::Disabled;
    BOOST_TEST(!SyncPolicy::serves(device, person));
}

BOOST_AUTO_TEST_CASE(a_person_edit_is_wanted_once_at_its_version) {
    const auto first = SyncPolicy::nextWant(1, 7, nullptr, 3);
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(first->version == syncVersionOf(3));
    BOOST_TEST(!first->removal);
    SyncEntry entry = written(*first);
    BOOST_TEST(!SyncPolicy::nextWant(1, 7, &entry, 3).has_value());  // already wanted: a restart changes nothing
    entry = confirmed(entry);
    BOOST_TEST(!SyncPolicy::nextWant(1, 7, &entry, 3).has_value());  // nor once confirmed

    const auto edit = SyncPolicy::nextWant(1, 7, &entry, 4);
    BOOST_REQUIRE(edit.has_value());
    BOOST_TEST(edit->version == syncVersionOf(4));
    BOOST_TEST(personVersionOf(edit->version) == 4);
    // Nothing to drop where the device never held the person.
    BOOST_TEST(!SyncPolicy::nextWant(1, 8, nullptr, std::nullopt).has_value());
}

BOOST_AUTO_TEST_CASE(drop_and_hold_again_always_move_the_version_up) {
    // Held at 3 and confirmed; the device's groups change, then change back,
    // and the person never changes meanwhile.
    SyncEntry entry = confirmed(written(*SyncPolicy::nextWant(1, 7, nullptr, 3)));
    const auto drop = SyncPolicy::nextWant(1, 7, &entry, std::nullopt);
    BOOST_REQUIRE(drop.has_value());
    BOOST_TEST(drop->removal);
    BOOST_TEST(drop->version > entry.confirmedVersion);  // pending: the device must act
    entry = written(*drop, &entry);
    BOOST_TEST(entry.pending());
    BOOST_TEST(!SyncPolicy::nextWant(1, 7, &entry, std::nullopt).has_value());  // already being dropped
    entry = confirmed(entry);

    const auto again = SyncPolicy::nextWant(1, 7, &entry, 3);
    BOOST_REQUIRE(again.has_value());
    BOOST_TEST(!again->removal);
    BOOST_TEST(again->version > drop->version);  // a late confirmation of the drop cannot stand for it
    BOOST_TEST(personVersionOf(again->version) == 3);
    entry = written(*again, &entry);
    BOOST_TEST(entry.pending());
    entry = confirmed(entry);
    BOOST_TEST(!SyncPolicy::nextWant(1, 7, &entry, 3).has_value());

    // The next edit is above all of them.
    const auto edit = SyncPolicy::nextWant(1, 7, &entry, 4);
    BOOST_REQUIRE(edit.has_value());
    BOOST_TEST(edit->version > again->version);
    BOOST_TEST(edit->version == syncVersionOf(4));

    // Held again while the drop is still pending: above the drop too.
    SyncEntry pendingDrop = written(*SyncPolicy::nextWant(1, 7, &entry, std::nullopt), &entry);
    const auto back = SyncPolicy::nextWant(1, 7, &pendingDrop, 3);
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST(back->version > pendingDrop.wantedVersion);
}

BOOST_AUTO_TEST_CASE(entries_of_older_versioning_are_taken_over) {
    // An entry someone wanted with the bare person version (3) is wanted
    // again at the ledger's version for 3: one more push, then stable.
    SyncEntry legacy;
    legacy.wantedVersion = 3;
    legacy.confirmedVersion = 3;
    const auto want = SyncPolicy::nextWant(1, 7, &legacy, 3);
    BOOST_REQUIRE(want.has_value());
    BOOST_TEST(want->version == syncVersionOf(3));
}
