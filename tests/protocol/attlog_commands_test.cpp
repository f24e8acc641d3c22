// Get Command from the canonical queue: getErroLog with its time range,
// updatestd, syncAttLog; kinds a bridge lacks fail with the reason; the
// bridge's error log fails a command, the next poll finishes the others.
#include "AttlogSite.h"

using namespace passway::test;

BOOST_AUTO_TEST_CASE(commands_are_listed_and_failed_through_the_error_log) {
    AttlogSite site;
    auto bridge =
        site.bridge(AttlogSite::kNorthToken, [](asim::BridgeOptions& o) { o.failingCommands = {"syncAttLog"}; });
    site.introduce(*bridge, "ZK-CMD-1");
    const auto idle = bridge->pollCommands("ZK-CMD-1");
    BOOST_REQUIRE_MESSAGE(idle.status == 200, idle.text);
    const std::int64_t t0 = idle.body->getValue<Poco::Int64>("timeStamp");
    BOOST_CHECK_EQUAL(idle.body->getObject("cmd_list")->size(), 0u);

    const auto log =
        site.queueCommand("ZK-CMD-1", R"({"kind":"get_error_log","args":{"start":1700000000,"end":1700086400}})");
    const auto users = site.queueCommand("ZK-CMD-1", R"({"kind":"sync_users"})");
    const auto records = site.queueCommand("ZK-CMD-1", R"({"kind":"sync_records"})");
    const auto door = site.queueCommand("ZK-CMD-1", R"({"kind":"open_door"})");

    const auto listed = bridge->pollCommands("ZK-CMD-1");
    BOOST_REQUIRE_MESSAGE(listed.status == 200, listed.text);
    BOOST_CHECK_EQUAL(listed.body->getValue<std::string>("SN"), "ZK-CMD-1");
    BOOST_CHECK_GT(listed.body->getValue<Poco::Int64>("timeStamp"), t0);
    const auto list = listed.body->getObject("cmd_list");
    BOOST_REQUIRE(list);
    BOOST_CHECK_EQUAL(list->size(), 3u);
    const auto range = list->getObject("getErroLog");
    BOOST_REQUIRE(range);
    BOOST_CHECK_EQUAL(range->getValue<Poco::Int64>("start"), 1700000000);
    BOOST_CHECK_EQUAL(range->getValue<Poco::Int64>("end"), 1700086400);
    BOOST_CHECK_EQUAL(list->getValue<std::string>("updatestd"), "");
    BOOST_CHECK_EQUAL(list->getValue<std::string>("syncAttLog"), "");

    // open_door has no bridge command: failed at once, with the reason.
    BOOST_CHECK_EQUAL(site.commandState(door), "failed");
    BOOST_CHECK(site.command(door)->get("result").toString().find("open_door") != std::string::npos);
    BOOST_CHECK_EQUAL(site.commandState(log), "sent");
    BOOST_CHECK_EQUAL(site.commandState(users), "sent");
    // The bridge reported syncAttLog failed with an error log (before its next poll).
    BOOST_CHECK_EQUAL(site.commandState(records), "failed");
    const auto result = site.command(records)->getObject("result");
    BOOST_REQUIRE(result);
    BOOST_CHECK(result->getValue<std::string>("content").find("syncAttLog ;return -1") == 0);
    BOOST_CHECK_EQUAL(result->getValue<std::string>("type"), "CMD_FAILED");

    // The next poll: nothing failed the others, so they are done; the list is empty
    // and its timeStamp stays.
    const auto next = bridge->pollCommands("ZK-CMD-1");
    BOOST_CHECK_EQUAL(next.body->getObject("cmd_list")->size(), 0u);
    BOOST_CHECK_EQUAL(site.commandState(log), "done");
    BOOST_CHECK_EQUAL(site.commandState(users), "done");
    BOOST_CHECK_EQUAL(site.commandState(records), "failed");
    const auto steady = bridge->pollCommands("ZK-CMD-1");
    BOOST_CHECK_EQUAL(steady.body->getValue<Poco::Int64>("timeStamp"), next.body->getValue<Poco::Int64>("timeStamp"));
}

BOOST_AUTO_TEST_CASE(one_command_of_each_name_per_answer_and_other_bridge_commands_by_name) {
    AttlogSite site;
    auto bridge = site.bridge();
    site.introduce(*bridge, "ZK-CMD-2");
    const auto a = site.queueCommand("ZK-CMD-2", R"({"kind":"sync_users"})");
    const auto b = site.queueCommand("ZK-CMD-2", R"({"kind":"push_all_persons"})");
    const auto c =
        site.queueCommand("ZK-CMD-2", R"({"kind":"bridge_command","args":{"name":"reboot","value":{"delay":5}}})");
    const auto first = bridge->pollCommands("ZK-CMD-2");
    const auto list = first.body->getObject("cmd_list");
    BOOST_CHECK_EQUAL(list->size(), 2u);
    BOOST_CHECK(list->has("updatestd"));
    BOOST_CHECK_EQUAL(list->getObject("reboot")->getValue<int>("delay"), 5);
    BOOST_CHECK_EQUAL(site.commandState(a), "sent");
    BOOST_CHECK_EQUAL(site.commandState(b), "queued");
    BOOST_CHECK_EQUAL(site.commandState(c), "sent");
    const auto second = bridge->pollCommands("ZK-CMD-2");
    BOOST_CHECK(second.body->getObject("cmd_list")->has("updatestd"));
    BOOST_CHECK_EQUAL(site.commandState(a), "done");
    BOOST_CHECK_EQUAL(site.commandState(b), "sent");
    // An error log naming nothing that was sent fails nothing.
    BOOST_CHECK(bridge->errorLog("ZK-CMD-2", "getErroLog ;return -1 . now").ok());
    BOOST_CHECK_EQUAL(site.commandState(b), "sent");
}
