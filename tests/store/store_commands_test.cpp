#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

using namespace passway;

namespace {

Command makeCommand(std::int64_t deviceId, const std::string& kind) {
    Command command;
    command.deviceId = deviceId;
    command.kind = kind;
    command.args = R"({"door":1})";
    command.createdBy = "admin";
    command.state = CommandState::Done;  // ignored: a new command is queued
    command.result = "ignored";
    return command;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(commands, test::StoreFixture)

BOOST_AUTO_TEST_CASE(queue_stores_a_queued_command) {
    const Device device = addDevice("SN-1");
    const Command queued = store->commands().queue(makeCommand(device.id, "open_door"));
    BOOST_TEST(queued.id > 0);
    BOOST_TEST(queued.state == CommandState::Queued);
    BOOST_TEST(queued.createdAt > 0);
    BOOST_TEST(queued.sentAt == 0);
    BOOST_TEST(queued.finishedAt == 0);
    BOOST_TEST(queued.result.empty());
    const auto found = store->commands().find(queued.id);
    BOOST_REQUIRE(found);
    BOOST_TEST(found->kind == "open_door");
    BOOST_TEST(found->args == R"({"door":1})");
    BOOST_TEST(found->createdBy == "admin");
    BOOST_TEST(found->deviceId == device.id);
    BOOST_TEST(!store->commands().find(queued.id + 1).has_value());
}

BOOST_AUTO_TEST_CASE(a_command_for_an_unknown_device_is_refused) {
    BOOST_CHECK_THROW(store->commands().queue(makeCommand(999, "restart")), StoreError);
}

BOOST_AUTO_TEST_CASE(transitions_stamp_times_and_final_states_do_not_move) {
    const Device device = addDevice("SN-1");
    const Command command = store->commands().queue(makeCommand(device.id, "restart"));

    BOOST_TEST(store->commands().transition(command.id, CommandState::Sent, ""));
    auto found = store->commands().find(command.id);
    BOOST_TEST(found->state == CommandState::Sent);
    BOOST_TEST(found->sentAt >= command.createdAt);
    BOOST_TEST(found->finishedAt == 0);

    BOOST_TEST(store->commands().transition(command.id, CommandState::Done, R"({"code":0})"));
    found = store->commands().find(command.id);
    BOOST_TEST(found->state == CommandState::Done);
    BOOST_TEST(found->result == R"({"code":0})");
    BOOST_TEST(found->finishedAt >= found->sentAt);

    BOOST_TEST(!store->commands().transition(command.id, CommandState::Failed, "late"));
    BOOST_TEST(!store->commands().transition(command.id, CommandState::Queued, ""));
    BOOST_TEST(store->commands().find(command.id)->state == CommandState::Done);
    BOOST_TEST(!store->commands().transition(424242, CommandState::Sent, ""));

    // Straight from queued to a final state (e.g. expired before sending).
    const Command other = store->commands().queue(makeCommand(device.id, "snapshot"));
    BOOST_TEST(store->commands().transition(other.id, CommandState::Expired, "timeout"));
    found = store->commands().find(other.id);
    BOOST_TEST(found->sentAt == 0);
    BOOST_TEST(found->finishedAt > 0);
}

BOOST_AUTO_TEST_CASE(queued_for_list_and_counts) {
    const Device a = addDevice("A");
    const Device b = addDevice("B");
    std::vector<std::int64_t> ofA;
    for (int i = 0; i < 5; ++i) ofA.push_back(store->commands().queue(makeCommand(a.id, "k" + std::to_string(i))).id);
    store->commands().queue(makeCommand(b.id, "kb"));
    store->commands().transition(ofA[0], CommandState::Sent, "");

    const auto queued = store->commands().queuedFor(a.id, 3);
    BOOST_REQUIRE_EQUAL(queued.size(), 3u);
    BOOST_TEST(queued[0].id == ofA[1]);  // oldest first, the sent one not among them
    BOOST_TEST(queued[2].id == ofA[3]);
    BOOST_TEST(store->commands().queuedFor(b.id, 10).size() == 1u);

    CommandQuery query;
    query.deviceId = a.id;
    query.limit = 2;
    auto page = store->commands().list(query);
    BOOST_TEST(page.total == 5);
    BOOST_REQUIRE_EQUAL(page.items.size(), 2u);
    BOOST_TEST(page.items[0].id == ofA[4]);  // newest first
    query.state = CommandState::Sent;
    page = store->commands().list(query);
    BOOST_TEST(page.total == 1);
    BOOST_TEST(page.items.at(0).id == ofA[0]);
    BOOST_TEST(store->commands().list(CommandQuery{}).total == 6);

    BOOST_TEST(store->commands().countInState(CommandState::Queued) == 5);
    BOOST_TEST(store->commands().countInState(CommandState::Sent) == 1);
    BOOST_TEST(store->commands().countInState(CommandState::Done) == 0);

    // A removed device takes its commands with it.
    store->devices().remove(a.id);
    BOOST_TEST(store->commands().countInState(CommandState::Queued) == 1);
    BOOST_TEST(!store->commands().find(ofA[0]).has_value());
}

BOOST_AUTO_TEST_CASE(unfinished_commands_created_before_a_time_are_the_expiry_candidates) {
    const Device device = addDevice("SN-TTL");
    Command old = makeCommand(device.id, "open_door");
    old.createdAt = 1000;
    const Command queued = store->commands().queue(old);
    old.createdAt = 2000;
    const Command sent = store->commands().queue(old);
    BOOST_TEST(store->commands().transition(sent.id, CommandState::Sent, ""));
    old.createdAt = 3000;
    const Command done = store->commands().queue(old);
    BOOST_TEST(store->commands().transition(done.id, CommandState::Done, "{}"));
    old.createdAt = 9000;
    store->commands().queue(old);  // too young

    const auto candidates = store->commands().unfinishedCreatedBefore(5000, 100);
    BOOST_REQUIRE_EQUAL(candidates.size(), 2u);  // queued and sent, oldest first; not the final one
    BOOST_TEST(candidates[0].id == queued.id);
    BOOST_TEST(candidates[1].id == sent.id);
    BOOST_TEST(store->commands().unfinishedCreatedBefore(5000, 1).size() == 1u);
    // unknown is final: it does not move again.
    BOOST_TEST(store->commands().transition(sent.id, CommandState::Unknown, "{}"));
    BOOST_TEST(!store->commands().transition(sent.id, CommandState::Done, "{}"));
    BOOST_TEST(store->commands().unfinishedCreatedBefore(5000, 100).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
