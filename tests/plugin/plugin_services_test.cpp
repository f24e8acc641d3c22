// The SDK's narrow services as a plugin sees them through its context: what
// each one owns (device lifecycle and its events, opaque sync tickets,
// commands and command.finished, scoped kv) and what no plugin can reach
// (users, the audit log, the token signing key, other protocols' devices).

#include <boost/test/unit_test.hpp>

#include "PluginTestSupport.h"

#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/PluginApi.h"
#include "plugin/HostPluginContext.h"
#include "store/Store.h"

#include <Poco/JSON/Parser.h>

#include <thread>
#include <vector>

using namespace passway;
using namespace passway::test;

namespace {

// The boundary is the type: nothing on PluginContext leads to the store as
// a whole, so no plugin can name users, the audit log or the outbox.
template <typename C>
concept ReachesStore = requires(C& c) { c.store(); };
template <typename C>
concept ReachesUsers = requires(C& c) { c.users(); };
template <typename C>
concept ReachesAudit = requires(C& c) { c.audit(); };
template <typename C>
concept ReachesOutbox = requires(C& c) { c.outbox(); };
static_assert(!ReachesStore<PluginContext>);
static_assert(!ReachesUsers<PluginContext>);
static_assert(!ReachesAudit<PluginContext>);
static_assert(!ReachesOutbox<PluginContext>);
static_assert(!ReachesStore<KeyValueService> && !ReachesUsers<PersonService> && !ReachesAudit<DeviceService>);

Poco::JSON::Object::Ptr object(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

Device createDevice(Store& store, const std::string& protocol, const std::string& serial) {
    Device device;
    device.protocol = protocol;
    device.serial = serial;
    return store.devices().create(device);
}

Command queueCommand(Store& store, std::int64_t deviceId, const std::string& kind) {
    Command command;
    command.deviceId = deviceId;
    command.kind = kind;
    return store.commands().queue(command);
}

} // namespace

BOOST_AUTO_TEST_CASE(kv_is_scoped_so_the_token_key_is_out_of_reach) {
    TestServices host;
    host.store->kv().set("auth.jwt_secret", "host-signing-key");
    HostPluginContext context("ctx", host.services());
    PluginContext& plugin = context;

    BOOST_TEST(!plugin.kv().get("auth.jwt_secret").has_value());
    plugin.kv().set("auth.jwt_secret", "mine");
    BOOST_TEST(host.store->kv().get("auth.jwt_secret").value() == "host-signing-key");
    BOOST_TEST(host.store->kv().get("plugin.ctx.auth.jwt_secret").value() == "mine");
    BOOST_TEST(plugin.kv().get("auth.jwt_secret").value() == "mine");
    // Another plugin's values are another scope.
    HostPluginContext other("other", host.services());
    BOOST_TEST(!static_cast<PluginContext&>(other).kv().get("auth.jwt_secret").has_value());
    BOOST_CHECK_THROW(plugin.kv().get(""), HostError);
}

BOOST_AUTO_TEST_CASE(first_contact_registers_once_and_announces_it) {
    TestServices host;
    Recorder states;
    host.bus.subscribe("device.state.changed", states.handler());
    HostPluginContext context("proto", host.services());
    PluginContext& plugin = context;

    std::vector<std::thread> threads;
    std::vector<std::int64_t> ids(8);
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] { ids[i] = plugin.devices().obtain("SN-1").id; });
    }
    for (auto& t : threads) t.join();
    for (const auto id : ids) BOOST_TEST(id == ids.front());
    BOOST_TEST((plugin.devices().obtain("SN-1").state == DeviceState::Pending));  // no auto-activation here
    BOOST_TEST(waitUntil([&] { return states.size() == 1; }));
    const auto payload = object(states.snapshot().front().payload);
    BOOST_TEST(payload->getValue<std::string>("serial") == "SN-1");
    BOOST_TEST(payload->getValue<std::string>("protocol") == "proto");
    BOOST_TEST(payload->getValue<std::string>("state") == "pending");
    BOOST_TEST(states.snapshot().front().source == "proto");
}

BOOST_AUTO_TEST_CASE(auto_activation_applies_to_a_pending_device_at_its_next_contact) {
    TestServices host;
    const Device pending = HostPluginContext("proto", host.services(false)).devices().obtain("SN-2");
    BOOST_TEST((pending.state == DeviceState::Pending));
    HostPluginContext context("proto", host.services(true));
    BOOST_TEST((context.devices().obtain("SN-2").state == DeviceState::Active));
    BOOST_TEST((host.store->devices().find(pending.id)->state == DeviceState::Active));
}

BOOST_AUTO_TEST_CASE(contact_and_state_are_announced_and_secrets_never_stored) {
    TestServices host;
    Recorder events;
    host.bus.subscribe("device.*", events.handler());
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-3");

    BOOST_TEST(plugin.devices().online(device.id, device.serial, "10.0.0.7", 1000));
    const auto merged = plugin.devices().mergeReported(
        device.id, R"({"Model":"F1","AdminPassword":"1234","wifi":{"ssid":"x","psk_secret":"y"}})", "Gate 1");
    BOOST_REQUIRE(merged.has_value());
    const auto stored = host.store->devices().find(device.id).value();
    BOOST_TEST(stored.name == "Gate 1");
    BOOST_TEST(stored.reported.find("1234") == std::string::npos);
    BOOST_TEST(stored.reported.find("\"y\"") == std::string::npos);
    BOOST_TEST(object(stored.reported)->getValue<std::string>("Model") == "F1");
    BOOST_TEST(object(stored.reported)->getValue<std::string>("AdminPassword") == "***");
    BOOST_TEST(stored.online);
    BOOST_TEST(stored.address == "10.0.0.7");

    plugin.devices().alarm(device.id, device.serial, DeviceAlarm{"fire", "keepalive", "", false});
    // Kept for the device page, with the address it was seen at.
    const auto alarms = host.store->deviceAlarms().list(device.id, 0, 10);
    BOOST_REQUIRE(alarms.items.size() == 1u);
    BOOST_TEST(alarms.items[0].alarm == "fire");
    BOOST_TEST(alarms.items[0].source == "keepalive");
    BOOST_TEST(!alarms.items[0].cleared);
    BOOST_TEST(host.store->devices().addresses(device.id).at(0).address == "10.0.0.7");
    plugin.devices().offline(device.id, device.serial, "10.0.0.7", 2000);
    BOOST_TEST(!host.store->devices().find(device.id)->online);
    BOOST_TEST(waitUntil([&] { return events.size() == 4; }));
    std::vector<std::string> topics;
    for (const auto& event : events.snapshot()) topics.push_back(event.topic);
    BOOST_TEST(topics == (std::vector<std::string>{"device.state.changed", "device.online", "device.alarm",
                                                   "device.offline"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(another_protocols_devices_and_commands_read_as_absent) {
    TestServices host;
    const Device foreign = createDevice(*host.store, "other", "X");
    const Command command = queueCommand(*host.store, foreign.id, "open_door");

    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    BOOST_TEST(!plugin.devices().find(foreign.id).has_value());
    BOOST_TEST(plugin.devices().list().empty());
    BOOST_TEST(!plugin.devices().seen(foreign.id, "1.2.3.4", 1));
    BOOST_TEST(!plugin.devices().mergeReported(foreign.id, "{}").has_value());
    BOOST_TEST(plugin.commands().queued(foreign.id, 10).empty());
    BOOST_TEST(!plugin.commands().sent(command.id));
    BOOST_TEST(!plugin.commands().finish(command.id, CommandState::Done, "{}"));
    BOOST_TEST((host.store->commands().find(command.id)->state == CommandState::Queued));
}

// The plugin remembers which devices are its own (a keepalive asks for
// queued commands); a device asked about before it existed is still found
// once it does, and another protocol's device stays absent after the
// plugin's own have been remembered.
BOOST_AUTO_TEST_CASE(queued_commands_follow_ownership_as_devices_appear) {
    TestServices host;
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;

    const std::int64_t nextId = createDevice(*host.store, "proto", "A").id + 1;
    BOOST_TEST(plugin.commands().queued(nextId, 10).empty());  // no such device yet

    const Device second = createDevice(*host.store, "proto", "B");
    BOOST_REQUIRE_EQUAL(second.id, nextId);
    queueCommand(*host.store, second.id, "sync_time");
    BOOST_REQUIRE_EQUAL(plugin.commands().queued(second.id, 10).size(), 1u);
    BOOST_REQUIRE_EQUAL(plugin.commands().queued(second.id, 10).size(), 1u);  // remembered: same answer

    const Device foreign = createDevice(*host.store, "other", "C");
    queueCommand(*host.store, foreign.id, "sync_time");
    BOOST_TEST(plugin.commands().queued(foreign.id, 10).empty());
    BOOST_TEST(plugin.commands().queued(foreign.id, 10).empty());
}

BOOST_AUTO_TEST_CASE(commands_move_through_their_states_and_finishing_is_announced) {
    TestServices host;
    Recorder finished;
    host.bus.subscribe("command.finished", finished.handler());
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-4");
    Command command;
    command.deviceId = device.id;
    command.kind = "sync_time";  // idempotent: a sent one may go out again
    command = host.store->commands().queue(command);

    const auto queued = plugin.commands().queued(device.id, 10);
    BOOST_REQUIRE(queued.size() == 1u);
    BOOST_TEST(plugin.commands().sent(command.id));
    BOOST_TEST(plugin.commands().unfinished().size() == 1u);
    BOOST_TEST(plugin.commands().finish(command.id, CommandState::Done, R"({"ok":true})"));
    BOOST_TEST(!plugin.commands().finish(command.id, CommandState::Failed, "{}"));  // final already
    BOOST_CHECK_THROW(plugin.commands().finish(command.id, CommandState::Sent, "{}"), HostError);
    BOOST_TEST(waitUntil([&] { return finished.size() == 1; }));
    const auto payload = object(finished.snapshot().front().payload);
    BOOST_TEST(payload->getValue<std::string>("state") == "done");
    BOOST_TEST(payload->getValue<std::string>("kind") == "sync_time");
    BOOST_TEST(payload->getObject("result")->getValue<bool>("ok"));
}

BOOST_AUTO_TEST_CASE(a_one_shot_command_left_sent_ends_unknown_and_an_overdue_one_is_never_handed_out) {
    TestServices host;
    Recorder finished;
    host.bus.subscribe("command.finished", finished.handler());
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-6");
    Command restart;
    restart.deviceId = device.id;
    restart.kind = "restart";
    restart = host.store->commands().queue(restart);
    BOOST_TEST(plugin.commands().sent(restart.id));
    // As a plugin starting after the host stopped: it must not reboot the terminal again.
    BOOST_TEST(plugin.commands().unfinished().empty());
    BOOST_TEST(std::string(toString(host.store->commands().find(restart.id)->state)) == "unknown");
    BOOST_TEST(!plugin.commands().finish(restart.id, CommandState::Done, "{}"));

    // Queued longer ago than commands.ttl_s (300 s): ended expired, not handed out, not sendable.
    Command door;
    door.deviceId = device.id;
    door.kind = "open_door";
    door.createdAt = nowMillis() - 301 * 1000;
    door = host.store->commands().queue(door);
    Command late = door;
    late.kind = "sync_time";  // a day to live
    late = host.store->commands().queue(late);
    const auto handed = plugin.commands().queued(device.id, 10);
    BOOST_REQUIRE_EQUAL(handed.size(), 1u);
    BOOST_TEST(handed.front().id == late.id);
    BOOST_TEST(std::string(toString(host.store->commands().find(door.id)->state)) == "expired");
    BOOST_TEST(!plugin.commands().sent(door.id));
    BOOST_TEST(waitUntil([&] { return finished.size() == 2; }));
    const auto events = finished.snapshot();
    BOOST_TEST(object(events[0].payload)->getValue<std::string>("state") == "unknown");
    BOOST_TEST(object(events[1].payload)->getValue<std::string>("state") == "expired");
    BOOST_TEST(object(events[1].payload)->getObject("result")->getValue<int>("ttlSeconds") == 300);
}

BOOST_AUTO_TEST_CASE(sync_tasks_carry_opaque_tickets_and_failures_are_classified) {
    TestServices host;
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-5");
    host.store->sync().want(device.id, 1, 5000, false);
    host.store->sync().want(device.id, 2, 7000, false);
    host.store->sync().want(device.id, 3, 9001, true);

    auto adds = plugin.sync().next(device.id, false, 10);
    BOOST_REQUIRE(adds.size() == 2u);
    BOOST_TEST(!adds[0].held);
    // Transient: handed out again once its back-off (sync.retry_initial_s)
    // has passed. Permanent: not until the want changes or an operator retries.
    plugin.sync().fail(device.id, 1, SyncFailureKind::Transient, 0, "terminal busy");
    plugin.sync().fail(device.id, 2, SyncFailureKind::Permanent, 0, "photo refused");
    BOOST_TEST(plugin.sync().next(device.id, false, 10).empty());
    BOOST_TEST(host.store->sync().retry(device.id, 1u) == 1u);  // as if the back-off were over
    adds = plugin.sync().next(device.id, false, 10);
    BOOST_REQUIRE(adds.size() == 1u);
    BOOST_TEST(adds[0].userId == 1u);
    // skip: what the plugin has in flight.
    BOOST_TEST(plugin.sync().next(device.id, false, 10, [](std::uint32_t id) { return id == 1; }).empty());
    plugin.sync().confirm(device.id, adds[0]);
    BOOST_TEST(plugin.sync().next(device.id, false, 10).empty());

    const auto removals = plugin.sync().next(device.id, true, 10);
    BOOST_REQUIRE(removals.size() == 1u);
    BOOST_TEST(removals[0].removal);
    // A cleared terminal: removals are done, what it held is pending again (as an update).
    plugin.sync().cleared(device.id);
    BOOST_TEST(plugin.sync().next(device.id, true, 10).empty());
    adds = plugin.sync().next(device.id, false, 10);
    BOOST_REQUIRE(adds.size() == 1u);
    BOOST_TEST(adds[0].userId == 1u);
    BOOST_TEST(adds[0].held);
}

BOOST_AUTO_TEST_CASE(a_reported_person_is_held_by_its_terminal_and_announced) {
    TestServices host;
    host.config->setString("plugin.proto.person_intake", "accept");  // the site takes what terminals create
    Recorder changed;
    host.bus.subscribe("person.changed", changed.handler());
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-6");

    const auto outcome = plugin.persons().intake(device.id, 42, [](Person& p) { p.name = "Ann"; },
                                                 PersonIntakePolicy::CreateOnly);
    BOOST_TEST(outcome.stored);
    BOOST_TEST(outcome.person->name == "Ann");
    // Not sent back where it came from.
    BOOST_TEST(plugin.sync().next(device.id, false, 10).empty());
    const auto again = plugin.persons().intake(device.id, 42, [](Person& p) { p.name = "Bob"; },
                                               PersonIntakePolicy::CreateOnly);
    BOOST_TEST(!again.stored);
    BOOST_TEST(plugin.persons().find(42)->name == "Ann");
    BOOST_TEST(waitUntil([&] { return changed.size() == 1; }));
    BOOST_TEST(object(changed.snapshot().front().payload)->getValue<std::string>("source") == "proto");
}

BOOST_AUTO_TEST_CASE(the_first_address_is_pinned_and_another_is_an_audited_alarm_once) {
    TestServices host;
    Recorder changes;
    host.bus.subscribe("device.address_changed", changes.handler());
    HostPluginContext context("proto", host.services());
    DeviceService& devices = static_cast<PluginContext&>(context).devices();
    const auto device = devices.obtain("SN-PIN");

    BOOST_TEST(devices.checkContact(device.id, "SN-PIN", Peer{"192.0.2.7", {}}).allowed());
    BOOST_TEST(host.store->devices().find(device.id)->pinnedAddress == "192.0.2.7");
    BOOST_TEST(devices.checkContact(device.id, "SN-PIN", Peer{"192.0.2.7", {}}).allowed());

    // Without pin_address another address is served, alarmed once, audited once.
    for (int i = 0; i < 3; ++i) BOOST_TEST(devices.checkContact(device.id, "SN-PIN", Peer{"198.51.100.9", {}}).allowed());
    BOOST_TEST(waitUntil([&] { return changes.size() == 1; }));
    const auto payload = object(changes.snapshot().front().payload);
    BOOST_TEST(payload->getValue<std::string>("address") == "192.0.2.7");
    BOOST_TEST(payload->getValue<std::string>("newAddress") == "198.51.100.9");
    BOOST_TEST(payload->getValue<bool>("refused") == false);
    AuditQuery query;
    query.action = "device.address_changed";
    const auto audit = host.store->audit().list(query);
    BOOST_REQUIRE_EQUAL(audit.items.size(), 1u);
    BOOST_TEST(audit.items.front().actor == "plugin:proto");
    BOOST_TEST(audit.items.front().target == "device:" + std::to_string(device.id));
    BOOST_TEST(host.store->devices().find(device.id)->pendingAddress == "198.51.100.9");
}

BOOST_AUTO_TEST_CASE(with_pin_address_another_address_is_refused_until_accepted) {
    TestServices host;
    host.config->setString("plugin.proto.pin_address", "true");
    HostPluginContext context("proto", host.services());
    DeviceService& devices = static_cast<PluginContext&>(context).devices();
    const auto device = devices.obtain("SN-PIN");
    BOOST_TEST(devices.checkContact(device.id, "SN-PIN", Peer{"192.0.2.7", {}}).allowed());
    const auto refused = devices.checkContact(device.id, "SN-PIN", Peer{"198.51.100.9", {}});
    BOOST_TEST((refused.kind == ContactVerdict::Kind::AddressNotAccepted));
    BOOST_TEST(!refused.reason.empty());
    BOOST_TEST(devices.checkContact(device.id, "SN-PIN", Peer{"192.0.2.7", {}}).allowed());

    // What the admin API does on accept-address: the store, then the event the host listens to.
    host.store->devices().pinAddress(device.id, "198.51.100.9");
    auto accepted = *host.store->devices().find(device.id);
    host.bus.publish(events::topic::kDeviceAddressAccepted, events::deviceAddressAccepted(accepted).payload, "admin");
    BOOST_TEST(waitUntil([&] { return devices.checkContact(device.id, "SN-PIN", Peer{"198.51.100.9", {}}).allowed(); }));
    BOOST_TEST((devices.checkContact(device.id, "SN-PIN", Peer{"192.0.2.7", {}}).kind ==
                ContactVerdict::Kind::AddressNotAccepted));
}

BOOST_AUTO_TEST_CASE(allowed_networks_and_a_bad_list_refuses_the_start) {
    TestServices host;
    host.config->setString("plugin.proto.allowed_networks", "10.0.0.0/8, fd00::/8");
    HostPluginContext context("proto", host.services());
    DeviceService& devices = static_cast<PluginContext&>(context).devices();
    BOOST_TEST(devices.admitSource("10.1.2.3"));
    BOOST_TEST(devices.admitSource("fd00::1"));
    BOOST_TEST(!devices.admitSource("192.0.2.7"));
    host.config->setString("plugin.bad.allowed_networks", "10.0.0.0/40");
    BOOST_CHECK_THROW(HostPluginContext("bad", host.services()), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(max_pending_drops_the_oldest_pending_and_announces_it) {
    TestServices host;
    host.config->setString("devices.max_pending", "2");
    Recorder removed;
    host.bus.subscribe("device.removed", removed.handler());
    HostPluginContext context("proto", host.services());
    DeviceService& devices = static_cast<PluginContext&>(context).devices();
    const auto first = devices.obtain("SN-1");
    devices.obtain("SN-2");
    BOOST_TEST(host.store->devices().countInState(DeviceState::Pending) == 2u);
    devices.obtain("SN-3");
    BOOST_TEST(host.store->devices().countInState(DeviceState::Pending) == 2u);
    BOOST_TEST(!host.store->devices().find(first.id).has_value());
    BOOST_TEST(waitUntil([&] { return removed.size() == 1; }));
    BOOST_TEST(object(removed.snapshot().front().payload)->getValue<std::string>("reason") == "max_pending");
}

BOOST_AUTO_TEST_CASE(by_default_a_person_a_terminal_mints_waits_for_review) {
    TestServices host;
    Recorder reviews;
    host.bus.subscribe("person.review", reviews.handler());
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-7");

    // Unknown, admin, with a card: nothing is stored, a review is held.
    const auto minted = plugin.persons().intake(device.id, 77, [](Person& p) {
        p.name = "Mallory";
        p.role = "admin";
        p.credentials.push_back(Credential{"card", "990001", "", 0});
    }, PersonIntakePolicy::Upsert);
    BOOST_TEST(!minted.stored);
    BOOST_TEST(minted.reviewId != 0);
    BOOST_TEST(!plugin.persons().find(77));
    const auto held = host.store->personReviews().find(minted.reviewId);
    BOOST_REQUIRE(held);
    BOOST_TEST(held->reasons == "new_person,role_admin,new_card");
    BOOST_TEST(held->state == "pending");
    BOOST_TEST(waitUntil([&] { return reviews.size() == 1; }));

    // Sent again: the pending review is replaced, not added.
    const auto again = plugin.persons().intake(device.id, 77, [](Person& p) { p.name = "Mallory"; },
                                               PersonIntakePolicy::Upsert);
    BOOST_TEST(again.reviewId != minted.reviewId);
    BOOST_TEST(host.store->personReviews().count("pending") == 1);

    // A known person's harmless edit is stored; a new card on them is held.
    Person known;
    known.userId = 78;
    known.name = "Known";
    host.store->persons().save(known);
    const auto renamed = plugin.persons().intake(device.id, 78, [](Person& p) { p.name = "Renamed"; },
                                                 PersonIntakePolicy::Upsert);
    BOOST_TEST(renamed.stored);
    const auto carded = plugin.persons().intake(device.id, 78, [](Person& p) {
        p.credentials.push_back(Credential{"card", "990002", "", 0});
    }, PersonIntakePolicy::Upsert);
    BOOST_TEST(!carded.stored);
    BOOST_TEST(plugin.persons().find(78)->credentials.empty());
    // What an operator's command asked for is taken.
    const auto requested = plugin.persons().intake(device.id, 78, [](Person& p) {
        p.credentials.push_back(Credential{"card", "990002", "", 0});
    }, PersonIntakePolicy::Requested);
    BOOST_TEST(requested.stored);
}

BOOST_AUTO_TEST_CASE(transient_failures_wait_out_a_doubling_back_off_permanent_ones_an_operator) {
    TestServices host;
    host.config->setInt("sync.retry_initial_s", 60);
    host.config->setInt("sync.retry_max_s", 150);
    HostPluginContext context("proto", host.services(true));
    PluginContext& plugin = context;
    const Device device = plugin.devices().obtain("SN-8");
    host.store->sync().want(device.id, 5, 1000, false);
    host.store->sync().want(device.id, 6, 1000, false);

    plugin.sync().fail(device.id, 5, SyncFailureKind::Transient, 24, "storage full");
    plugin.sync().fail(device.id, 6, SyncFailureKind::Permanent, 20, "face repeated");
    BOOST_TEST(plugin.sync().next(device.id, false, 10).empty());  // neither is due now
    auto entryOf = [&](std::uint32_t user) {
        for (const auto& e : host.store->sync().forDevice(device.id)) {
            if (e.userId == user) return e;
        }
        return SyncEntry{};
    };
    const auto first = entryOf(5);
    BOOST_TEST((first.failure == SyncFailure::Transient));
    BOOST_TEST(first.lastErrorCode == 24);
    const auto delay1 = first.retryAt - first.updatedAt;
    BOOST_TEST(delay1 == 60000);
    plugin.sync().fail(device.id, 5, SyncFailureKind::Transient, 24, "storage full");
    const auto second = entryOf(5);
    BOOST_TEST(second.retryAt - second.updatedAt == 120000);  // doubled
    plugin.sync().fail(device.id, 5, SyncFailureKind::Transient, 24, "storage full");
    const auto third = entryOf(5);
    BOOST_TEST(third.retryAt - third.updatedAt == 150000);  // capped
    BOOST_TEST(third.attempts == 3);
    BOOST_TEST((entryOf(6).failure == SyncFailure::Permanent));

    // An operator's retry makes both due at once.
    BOOST_TEST(host.store->sync().retry(device.id, std::nullopt) == 2u);
    BOOST_TEST(plugin.sync().next(device.id, false, 10).size() == 2u);
    // A confirmation clears the failure.
    for (const auto& task : plugin.sync().next(device.id, false, 10)) {
        if (task.userId == 5) plugin.sync().confirm(device.id, task);
    }
    BOOST_TEST((entryOf(5).failure == SyncFailure::None));
    BOOST_TEST(entryOf(5).attempts == 0);
}
