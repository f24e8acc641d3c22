// Update User Infor from the sync ledger: update_users / dele_users under a
// timeStamp that is the version of the device's user set (stable while it
// does not change, new when it does), confirmed by the bridge's next poll
// or failed through its error log.
#include "AttlogSite.h"

using namespace passway::test;

namespace {

void createPerson(const AttlogSite& site, const std::string& body) {
    const auto reply = site.api("POST", "/persons", body);
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
}

bool settled(const AttlogSite& site, std::int64_t deviceId, std::uint32_t userId) {
    const auto e = site.syncEntry(deviceId, userId);
    return e && !e->getValue<bool>("pending");
}

}  // namespace

BOOST_AUTO_TEST_CASE(user_updates_carry_a_timestamp_that_changes_only_with_the_set) {
    AttlogSite site;
    auto bridge = site.bridge();
    site.introduce(*bridge, "ZK-USERS-1");
    const auto id = site.deviceId("ZK-USERS-1");
    createPerson(site, R"({"userId":7,"name":"陈","role":"admin","timeGroup":"0001000100000000","accessGroups":["3"],
                           "credentials":[{"kind":"card","value":"15895470"},{"kind":"password","value":"123"}]})");
    createPerson(site, R"({"userId":8,"name":"Li Lei"})");

    // The first answer that holds both persons.
    asim::UserPoll first;
    BOOST_REQUIRE_MESSAGE(eventually([&] {
                              first = bridge->pollUsers("ZK-USERS-1");
                              const auto held = bridge->users("ZK-USERS-1");
                              return held.count("7") && held.count("8");
                          }),
                          "persons 7 and 8 did not reach the bridge:\n" + site.log());
    const std::int64_t t1 = first.timeStamp;
    BOOST_CHECK_GT(t1, 0);
    const auto seven = bridge->users("ZK-USERS-1").at("7");
    BOOST_CHECK_EQUAL(seven->getValue<std::string>("Name"), "陈");
    BOOST_CHECK_EQUAL(seven->getValue<std::string>("Pri"), "14");
    BOOST_CHECK_EQUAL(seven->getValue<std::string>("Passwd"), "123");
    BOOST_CHECK_EQUAL(seven->getValue<std::string>("Card"), "15895470");
    BOOST_CHECK_EQUAL(seven->getValue<std::string>("Grp"), "3");
    BOOST_CHECK_EQUAL(seven->getValue<std::string>("TZ"), "0001000100000000");
    BOOST_CHECK_EQUAL(bridge->users("ZK-USERS-1").at("8")->getValue<std::string>("Pri"), "0");

    // The next poll confirms them; the set did not change, so neither does timeStamp.
    for (int i = 0; i < 3; ++i) {
        const auto again = bridge->pollUsers("ZK-USERS-1");
        BOOST_REQUIRE_MESSAGE(again.reply.ok(), again.reply.text);
        BOOST_CHECK_EQUAL(again.timeStamp, t1);
        BOOST_CHECK(!again.applied);
        BOOST_CHECK_EQUAL(again.reply.body->getArray("update_users")->size(), 0u);
    }
    BOOST_CHECK(settled(site, id, 7));
    BOOST_CHECK(settled(site, id, 8));

    // An edit is a new version with only that person.
    const auto edited = site.api("PATCH", "/persons/8", R"({"name":"Han Meimei"})");
    BOOST_REQUIRE_MESSAGE(edited.status == 200, edited.body);
    asim::UserPoll second;
    BOOST_REQUIRE(eventually([&] {
        second = bridge->pollUsers("ZK-USERS-1");
        return second.applied;
    }));
    BOOST_CHECK_GT(second.timeStamp, t1);
    BOOST_REQUIRE_EQUAL(second.updated.size(), 1u);
    BOOST_CHECK_EQUAL(second.updated[0], "8");
    BOOST_CHECK_EQUAL(bridge->users("ZK-USERS-1").at("8")->getValue<std::string>("Name"), "Han Meimei");
    const auto steady = bridge->pollUsers("ZK-USERS-1");
    BOOST_CHECK_EQUAL(steady.timeStamp, second.timeStamp);
    BOOST_CHECK(!steady.applied);

    // A deleted person appears in dele_users under a new timeStamp.
    const auto removed = site.api("DELETE", "/persons/7");
    BOOST_REQUIRE_MESSAGE(removed.status == 204 || removed.status == 200, removed.body);
    asim::UserPoll third;
    BOOST_REQUIRE(eventually([&] {
        third = bridge->pollUsers("ZK-USERS-1");
        return third.applied;
    }));
    BOOST_CHECK_GT(third.timeStamp, second.timeStamp);
    BOOST_REQUIRE_EQUAL(third.deleted.size(), 1u);
    BOOST_CHECK_EQUAL(third.deleted[0], "7");
    BOOST_CHECK_EQUAL(third.reply.body->getArray("dele_users")->getObject(0)->getValue<std::string>("PIN"), "7");
    BOOST_CHECK(!bridge->users("ZK-USERS-1").count("7"));
    BOOST_CHECK(bridge->users("ZK-USERS-1").count("8"));
    const auto after = bridge->pollUsers("ZK-USERS-1");
    BOOST_CHECK_EQUAL(after.timeStamp, third.timeStamp);
    BOOST_CHECK(eventually([&] { return !site.syncEntry(id, 7) || settled(site, id, 7); }));

    // A restart changes nothing: the version is kept.
    site.process->kill(SIGTERM);
    BOOST_REQUIRE(site.process->waitExit(20s));
    site.launch(AttlogSite::withDefaults({}));
    const auto restarted = bridge->pollUsers("ZK-USERS-1");
    BOOST_REQUIRE_MESSAGE(restarted.reply.ok(), restarted.reply.text);
    BOOST_CHECK_EQUAL(restarted.timeStamp, third.timeStamp);
    BOOST_CHECK(!restarted.applied);
}

BOOST_AUTO_TEST_CASE(an_error_log_about_a_user_update_sends_it_again_under_a_new_timestamp) {
    // A bridge's error is a passing failure: sent again after the host's
    // back-off (sync.retry_initial_s, shortened here to its 1 s floor).
    AttlogSite site({"--set", "sync.retry_initial_s=1"});
    auto bridge = site.bridge();
    site.introduce(*bridge, "ZK-USERS-2");
    const auto id = site.deviceId("ZK-USERS-2");
    createPerson(site, R"({"userId":9,"name":"Wang"})");
    asim::UserPoll handed;
    BOOST_REQUIRE(eventually([&] {
        handed = bridge->pollUsers("ZK-USERS-2");
        return handed.applied && !handed.updated.empty();
    }));
    // The bridge could not write the user and says so.
    const auto log = bridge->errorLog("ZK-USERS-2", "update_users ;return -3 . 2024-05-01 08:00:00");
    BOOST_REQUIRE_MESSAGE(log.ok(), log.text);
    asim::UserPoll retry;
    BOOST_REQUIRE(eventually([&] {
        retry = bridge->pollUsers("ZK-USERS-2");
        return !retry.reply.ok() || retry.timeStamp != handed.timeStamp;
    }));
    BOOST_REQUIRE_MESSAGE(retry.reply.ok(), retry.reply.text);
    BOOST_CHECK_NE(retry.timeStamp, handed.timeStamp);
    BOOST_CHECK(retry.applied);
    BOOST_REQUIRE_EQUAL(retry.updated.size(), 1u);
    BOOST_CHECK_EQUAL(retry.updated[0], "9");
    // This time it worked: the next poll confirms it.
    const auto done = bridge->pollUsers("ZK-USERS-2");
    BOOST_CHECK_EQUAL(done.timeStamp, retry.timeStamp);
    BOOST_CHECK(settled(site, id, 9));
    const auto reported = site.device("ZK-USERS-2")->getObject("reported");
    BOOST_REQUIRE(reported && reported->getObject("lastErrorLog"));
    BOOST_CHECK(reported->getObject("lastErrorLog")->getValue<std::string>("content").find("update_users") == 0);
}

BOOST_AUTO_TEST_CASE(with_timestamp_echo_only_an_echoed_timestamp_confirms) {
    AttlogSite site({"--set", "plugin.attlog.user_confirmation=timestamp_echo"});
    auto bridge = site.bridge(AttlogSite::kNorthToken, [](asim::BridgeOptions& o) { o.echoTimeStamp = true; });
    auto forgetful = site.bridge(AttlogSite::kNorthToken);  // same bridge software, without the echo
    site.introduce(*bridge, "ZK-ECHO-1");
    const auto id = site.deviceId("ZK-ECHO-1");
    createPerson(site, R"({"userId":11,"name":"Zhao"})");
    asim::UserPoll handed;
    BOOST_REQUIRE(eventually([&] {
        handed = forgetful->pollUsers("ZK-ECHO-1");
        return !handed.updated.empty();
    }));
    // Polls without the timeStamp confirm nothing and keep the version.
    const auto plain = forgetful->pollUsers("ZK-ECHO-1");
    BOOST_CHECK_EQUAL(plain.timeStamp, handed.timeStamp);
    BOOST_CHECK(!settled(site, id, 11));
    // The echoing bridge applies it and echoes it on its next poll: confirmed.
    const auto applied = bridge->pollUsers("ZK-ECHO-1");
    BOOST_CHECK(applied.applied);
    const auto echoed = bridge->pollUsers("ZK-ECHO-1");
    BOOST_CHECK_EQUAL(echoed.timeStamp, handed.timeStamp);
    BOOST_CHECK(settled(site, id, 11));
}
