// Seed-003 terminals against the real passwayd over 127.0.0.1: the
// heartbeat hands out the sync ledger's persons as downloadUser, which the
// terminal fetches in v1 (pic) or v2 (picUrl) form and finishes with a
// callback; canonical commands become cmd values and fail after
// fail_count; the document's refusals answer word for word; attendance
// riding on a heartbeat is stored once, a repeat within 3 s dropped.
#include "HenanSite.h"

#include <set>

using namespace passway::test;

BOOST_AUTO_TEST_CASE(a_person_from_the_admin_api_reaches_v1_and_v2_terminals_and_the_callback_settles_it) {
    HenanSite site;
    auto v1 = site.terminal("HN-V1-0001", "v1");
    auto v2 = site.terminal("HN-V2-0002", "v2");
    site.introduce(*v1);
    site.introduce(*v2);
    site.createPerson(R"({"userId":5,"name":"李白","credentials":[{"kind":"password","value":"123"},{"kind":"card","value":"9001"}]})");
    const std::string jpeg = generatedJpeg("henan-person-5");
    site.setPhoto(5, jpeg);
    const auto stored = site.api("GET", "/persons/5/photo");
    BOOST_REQUIRE_EQUAL(stored.status, 200);

    // v1: the heartbeat names downloadUser, downloadPersonData carries pic.
    hsim::CommandRun run;
    BOOST_REQUIRE_MESSAGE(eventually([&] {
                              run = v1->runCommand();
                              return run.cmd == "downloadUser" && v1->persons().count("5");
                          }),
                          "no downloadUser for person 5: " + run.heartbeat.body + "\n" + site.log());
    BOOST_TEST(run.heartbeat.msg == "获取成功");
    BOOST_TEST(!run.code.empty());
    BOOST_TEST(run.command.data.isString());  // double-encoded, as the document's example
    const auto& held = v1->persons().at("5");
    BOOST_TEST(held.name == "李白");
    BOOST_TEST(held.password == "123");
    BOOST_TEST(held.idCard == "9001");
    BOOST_TEST(held.photoSource == "pic");
    BOOST_TEST(held.photo == stored.body);  // a JPEG within 400 KB goes out as stored
    BOOST_TEST(run.callback.success == 1);
    const auto v1Id = site.deviceId("HN-V1-0001");
    BOOST_TEST(eventually([&] { return site.settled(v1Id, 5); }));
    BOOST_TEST(v1->heartbeat().msg == "暂无命令");

    // v2: picUrl, served by the plugin, downloads the same photo.
    BOOST_REQUIRE(eventually([&] { return v2->runCommand().cmd == "downloadUser" && v2->persons().count("5"); }));
    const auto& viaUrl = v2->persons().at("5");
    BOOST_TEST(viaUrl.photoSource == "picUrl");
    BOOST_TEST(viaUrl.picUrl.find("/person/photo/") != std::string::npos);
    BOOST_TEST(viaUrl.photo == stored.body);
    BOOST_TEST(eventually([&] { return site.settled(site.deviceId("HN-V2-0002"), 5); }));

    // A removal goes out as deletePerson.
    BOOST_REQUIRE(site.api("DELETE", "/persons/5").status / 100 == 2);
    BOOST_REQUIRE(eventually([&] { return v1->runCommand().cmd == "deletePerson" && !v1->persons().count("5"); }));
}

BOOST_AUTO_TEST_CASE(refusals_answer_as_documented_and_commands_finish_or_fail_after_failcount) {
    HenanSite site;
    auto t = site.terminal("HN-CMD-0001");
    site.introduce(*t);

    const auto missing = t->post("/device/getServer", {}, hsim::SignMode::Missing);
    BOOST_TEST(missing.success == 0);
    BOOST_TEST(missing.msg == "为传入设备sign");
    const auto wrong = t->post("/device/getServer", {}, hsim::SignMode::Wrong);
    BOOST_TEST(wrong.msg == "sign验证失败");
    BOOST_TEST(wrong.success == 0);
    BOOST_TEST(wrong.data.convert<std::string>() == "");
    auto stranger = site.terminal("HN-CMD-0001");
    stranger->options().appid = "nobody";
    BOOST_TEST(stranger->heartbeat().msg == "设备appid不存在");
    // The document does not state the order: the alphabetical one is accepted too.
    BOOST_TEST(t->post("/device/getServer", {}, hsim::SignMode::Alphabetical).success == 1);
    BOOST_TEST(eventually([&] { return site.logged("sign验证失败"); }));

    // restart -> reboot, finished by the callback.
    const auto restart = site.queueCommand("HN-CMD-0001", R"({"kind":"restart"})");
    const auto run = t->runCommand();
    BOOST_TEST(run.cmd == "reboot");
    BOOST_TEST(run.command.field("times") == "-1");
    BOOST_TEST(eventually([&] { return site.commandState(restart) == "done"; }));

    // A command the terminal keeps failing fails after fail_count (3) callbacks.
    const auto sync = site.queueCommand("HN-CMD-0001", R"({"kind":"sync_time"})");
    for (int i = 0; i < 3; ++i) BOOST_TEST(t->runCommand(true).cmd == "setTimeInfo");
    BOOST_TEST(eventually([&] { return site.commandState(sync) == "failed"; }));
    // A kind these terminals do not have fails at once.
    const auto door = site.queueCommand("HN-CMD-0001", R"({"kind":"open_door"})");
    BOOST_TEST(t->runCommand().cmd.empty());
    BOOST_TEST(site.commandState(door) == "failed");

    // createOperation (dev_mode) hands out what it created, with its id as code.
    const auto created = t->post("/device/createOperation", {{"cmd", "getDeviceInfo"}, {"params", ""}});
    BOOST_REQUIRE_MESSAGE(created.success == 1, created.body);
    const auto info = t->runCommand();
    BOOST_TEST(info.cmd == "getDeviceInfo");
    BOOST_TEST(info.code == created.field("id"));
    BOOST_TEST(info.command.success == 1);
}

BOOST_AUTO_TEST_CASE(attendance_in_a_heartbeat_is_stored_once_and_a_repeat_within_3s_is_dropped) {
    HenanSite site;
    auto t = site.terminal("HN-ATT-0001");
    site.introduce(*t);
    const auto id = site.deviceId("HN-ATT-0001");
    const std::string jpeg = generatedJpeg("henan-punch");

    hsim::Punch first{"7", "2026-03-02 08:00:00 100", "face", jpeg, "36.5"};
    hsim::Punch repeat{"7", "2026-03-02 08:00:02 300", "face", jpeg, "36.5"};  // 2.2 s later: the same punch
    hsim::Punch later{"7", "2026-03-02 08:00:05 100", "fingerprint", "", "0"};
    hsim::Punch other{"8", "2026-03-02 08:00:01 000", "idcard", "", "0"};
    const auto stored = t->heartbeat({first, repeat, other});
    BOOST_REQUIRE_MESSAGE(stored.success == 1, stored.body);
    BOOST_TEST(stored.msg == "操作成功");
    BOOST_TEST(t->heartbeat({first}).success == 1);  // sent again: nothing new
    BOOST_TEST(t->heartbeat({later}).success == 1);

    const auto records = site.records(id);
    BOOST_REQUIRE_EQUAL(records->size(), 3u);
    std::multiset<std::string> seen;
    for (unsigned i = 0; i < records->size(); ++i) {
        const auto r = records->getObject(i);
        seen.insert(r->get("userId").convert<std::string>() + ":" + r->getValue<std::string>("verifyType"));
        if (r->getValue<std::string>("verifyType") == "face") {
            // 08:00:00.100 at UTC+8
            BOOST_TEST(r->getValue<std::int64_t>("deviceTime") == 1772409600100LL);
            BOOST_TEST(r->getValue<double>("temperature") == 36.5);
        }
    }
    BOOST_TEST(seen == (std::multiset<std::string>{"7:face", "7:fingerprint", "8:card"}));
    BOOST_TEST(eventually([&] { return site.logged("1 repeat(s) within 3000 ms dropped"); }));
}
