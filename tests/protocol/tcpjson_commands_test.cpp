// Server-initiated requests: commands with their answers, timeouts and
// retries (idempotent commands only: a door or a restart is sent once and
// ends unknown without an answer, also across a host restart), time to live,
// work queued for an offline terminal, a reconnect that replaces the old
// connection, and dead connections found by the heartbeat.
#include "JournalTopics.h"
#include "TcpjsonSite.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>

using namespace passway::test;

BOOST_AUTO_TEST_CASE(commands_go_out_as_requests_and_finish_with_the_answer) {
    TcpjsonSite site;
    auto sim = site.terminal("cmd-1");
    const auto door = site.queueCommand("cmd-1", R"({"kind":"open_door"})");
    const auto custom = site.queueCommand("cmd-1", R"({"kind":"user_command","args":{"command_type":2,"command_value":"test!"}})");
    const auto time = site.queueCommand("cmd-1", R"({"kind":"sync_time"})");
    const auto status = site.queueCommand("cmd-1", R"({"kind":"get_status"})");
    BOOST_REQUIRE_MESSAGE(eventually([&] {
        return site.commandState(door) == "done" && site.commandState(custom) == "done" &&
               site.commandState(time) == "done" && site.commandState(status) == "done";
    }), site.log());
    const auto commands = sim->commands();
    BOOST_REQUIRE_EQUAL(commands.size(), 2u);
    BOOST_CHECK_EQUAL(commands[0]->getValue<std::string>("mod"), "send_device_command");
    BOOST_CHECK_EQUAL(commands[1]->getValue<std::string>("mod"), "send_user_command");
    BOOST_CHECK_EQUAL(commands[1]->getValue<int>("command_type"), 2);
    BOOST_CHECK_EQUAL(commands[1]->getValue<std::string>("command_value"), "test!");
    BOOST_CHECK_EQUAL(sim->lastRequest("set_device_time")->getValue<std::string>("time").size(), 14u);
    const auto result = site.api("GET", "/commands/" + std::to_string(status)).json()->getObject("result");
    BOOST_REQUIRE(result);
    BOOST_CHECK_EQUAL(result->getObject("device_status")->getValue<std::string>("door"), "closed");
    // An unknown kind fails with the reason; a terminal error code fails the command with it.
    const auto snapshot = site.queueCommand("cmd-1", R"({"kind":"snapshot"})");
    BOOST_CHECK(eventually([&] { return site.commandState(snapshot) == "failed"; }));
    sim->options().errorCodes["send_device_command"] = -2;
    const auto faulty = site.queueCommand("cmd-1", R"({"kind":"restart"})");
    BOOST_CHECK(eventually([&] { return site.commandState(faulty) == "failed"; }));
    BOOST_CHECK_EQUAL(site.api("GET", "/commands/" + std::to_string(faulty)).json()->getObject("result")->getValue<int>("code"), -2);
}

BOOST_AUTO_TEST_CASE(desired_settings_go_out_as_set_device_info_and_are_read_back) {
    TcpjsonSite site;
    auto sim = site.terminal("settings-1");
    const auto id = std::to_string(site.deviceId("settings-1"));
    const auto put = site.api("PUT", "/devices/" + id + "/parameters",
                              R"({"address":"东门考勤机","community_code":"9988","server_port":39877})");
    BOOST_REQUIRE_MESSAGE(put.status == 200, put.body);
    BOOST_REQUIRE_MESSAGE(sim->waitFor([&] { return sim->count("set_device_info") >= 1; }), site.log());
    const auto request = sim->lastRequest("set_device_info");
    const auto info = request->getObject("device_info");
    BOOST_REQUIRE(info);
    BOOST_CHECK_EQUAL(info->getValue<std::string>("uuid"), "settings-1");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("address"), "东门考勤机");
    BOOST_CHECK_EQUAL(info->getValue<int>("server_port"), 39877);
    // Read back with get_device_info into the reported parameters.
    BOOST_CHECK(eventually([&] {
        const auto reported = site.device("settings-1")->getObject("reported");
        return reported->getValue<std::string>("community_code") == "9988";
    }));
    // Delivered once: the next heartbeat or push does not send it again.
    site.queueCommand("settings-1", R"({"kind":"get_info"})");
    std::this_thread::sleep_for(500ms);
    BOOST_CHECK_EQUAL(sim->count("set_device_info"), 1u);
}

BOOST_AUTO_TEST_CASE(person_roles_are_set_by_command) {
    TcpjsonSite site;
    auto sim = site.terminal("role-1");
    const auto role = site.queueCommand("role-1", R"({"kind":"set_person_role","args":{"userId":7,"role":"blacklist"}})");
    BOOST_REQUIRE(eventually([&] { return site.commandState(role) == "done"; }));
    const auto request = sim->lastRequest("set_person_role");
    BOOST_CHECK_EQUAL(request->getValue<std::string>("person_id"), "7");
    BOOST_CHECK_EQUAL(request->getValue<int>("role"), 2);
}

BOOST_AUTO_TEST_CASE(a_silent_terminal_times_out_and_an_idempotent_command_is_retried_then_failed) {
    TcpjsonSite site({"--set", "plugin.tcpjson.command_attempts=3", "--set", "plugin.tcpjson.heartbeat_s=3600"});
    auto sim = site.terminal("silent-1");
    sim->options().silentMods.insert("get_device_status");
    const auto status = site.queueCommand("silent-1", R"({"kind":"get_status"})");
    BOOST_CHECK(eventually([&] { return site.commandState(status) == "sent"; }, 3s));
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(status) == "failed"; }, 15s), site.log());
    BOOST_CHECK_EQUAL(sim->count("get_device_status"), 3u);
    const auto result = site.api("GET", "/commands/" + std::to_string(status)).json()->getObject("result");
    BOOST_CHECK(result->getValue<std::string>("message").find("3 attempts") != std::string::npos);
    // The connection is still usable for what the terminal answers.
    const auto next = site.queueCommand("silent-1", R"({"kind":"sync_time"})");
    BOOST_CHECK(eventually([&] { return site.commandState(next) == "done"; }));
}

BOOST_AUTO_TEST_CASE(a_door_command_the_terminal_does_not_answer_is_sent_once_and_ends_unknown) {
    TcpjsonSite site({"--set", "plugin.tcpjson.command_attempts=3", "--set", "plugin.tcpjson.heartbeat_s=3600"});
    auto sim = site.terminal("silent-2");
    sim->options().silentMods.insert("send_device_command");
    const auto door = site.queueCommand("silent-2", R"({"kind":"open_door"})");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(door) == "unknown"; }, 15s), site.log());
    const auto result = site.api("GET", "/commands/" + std::to_string(door)).json()->getObject("result");
    BOOST_CHECK(result->getValue<std::string>("message").find("not sent again") != std::string::npos);
    // What goes out next is the next command, not the door again.
    sim->options().silentMods.clear();
    const auto next = site.queueCommand("silent-2", R"({"kind":"sync_time"})");
    BOOST_REQUIRE(eventually([&] { return site.commandState(next) == "done"; }));
    BOOST_CHECK_EQUAL(sim->count("send_device_command"), 1u);
    BOOST_CHECK_EQUAL(site.commandState(door), "unknown");
}

BOOST_AUTO_TEST_CASE(a_link_dropped_before_the_answer_ends_a_restart_unknown_and_it_is_never_sent_again) {
    TcpjsonSite site;
    auto sim = site.terminal("drop-1");
    // The terminal reboots on the request: the link drops before any answer.
    sim->options().dropOnMods.insert("send_device_command");
    const auto restart = site.queueCommand("drop-1", R"({"kind":"restart"})");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(restart) == "unknown"; }, 15s), site.log());
    BOOST_CHECK_EQUAL(sim->count("send_device_command"), 1u);
    // It comes back: the restart is not sent again (it would reboot once more).
    sim->options().dropOnMods.clear();
    sim->connect();
    BOOST_REQUIRE(eventually([&] { return site.device("drop-1")->getValue<bool>("online"); }));
    const auto next = site.queueCommand("drop-1", R"({"kind":"get_status"})");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(next) == "done"; }), site.log());
    BOOST_CHECK_EQUAL(sim->count("send_device_command"), 1u);
    // An idempotent command whose link dropped goes out again on the next connection.
    sim->options().dropOnMods.insert("get_device_status");
    const auto status = site.queueCommand("drop-1", R"({"kind":"get_status"})");
    BOOST_REQUIRE(sim->waitFor([&] { return !sim->connected(); }));
    sim->options().dropOnMods.clear();
    sim->connect();
    BOOST_CHECK_MESSAGE(eventually([&] { return site.commandState(status) == "done"; }, 15s),
                        site.commandState(status) + "\n" + site.log());
}

BOOST_AUTO_TEST_CASE(a_door_command_left_sent_by_a_host_restart_ends_unknown_and_is_not_sent_again) {
    const std::vector<std::string> slow{"--set", "plugin.tcpjson.request_timeout_ms=600000",
                                        "--set", "plugin.tcpjson.heartbeat_s=3600"};
    TcpjsonSite site(slow);
    auto sim = site.terminal("restart-1");
    sim->options().silentMods.insert("send_device_command");
    const auto door = site.queueCommand("restart-1", R"({"kind":"open_door"})");
    const auto info = site.queueCommand("restart-1", R"({"kind":"get_info"})");
    BOOST_REQUIRE(sim->waitFor([&] { return sim->count("send_device_command") == 1; }));
    BOOST_REQUIRE_EQUAL(site.commandState(door), "sent");
    // The host stops (the terminal never answered) and starts again on the same store.
    site.process->kill(SIGKILL);
    site.process->waitExit(20s);
    sim->disconnect();
    site.launch(TcpjsonSite::withDefaults(slow));
    BOOST_CHECK_MESSAGE(eventually([&] { return site.commandState(door) == "unknown"; }, 15s),
                        site.commandState(door) + "\n" + site.log());
    sim->options().silentMods.clear();
    sim->connect();
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(info) == "done"; }, 15s), site.log());
    BOOST_CHECK_EQUAL(sim->count("send_device_command"), 1u);  // the door did not open minutes later
}

BOOST_AUTO_TEST_CASE(commands_end_expired_when_their_time_to_live_is_over) {
    TcpjsonSite site({"--set", "commands.ttl_s=1", "--set", "commands.sweep_ms=200"});
    auto sim = site.terminal("ttl-1");
    sim->disconnect();
    BOOST_REQUIRE(eventually([&] { return !site.device("ttl-1")->getValue<bool>("online"); }));
    const auto door = site.queueCommand("ttl-1", R"({"kind":"open_door"})");
    const auto status = site.queueCommand("ttl-1", R"({"kind":"get_status"})");  // commands.other_ttl_s: a day
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(door) == "expired"; }, 15s), site.log());
    const auto command = site.api("GET", "/commands/" + std::to_string(door)).json();
    BOOST_CHECK(command->getObject("result")->getValue<int>("ttlSeconds") == 1);
    BOOST_CHECK(command->getValue<std::int64_t>("finishedAt") > 0);
    const auto finished = journalPayloads(site.dir.file("var/passway.db"), "command.finished");
    BOOST_CHECK(std::any_of(finished.begin(), finished.end(), [&](const std::string& p) {
        return p.find("\"commandId\":" + std::to_string(door) + ",") != std::string::npos &&
               p.find("\"state\":\"expired\"") != std::string::npos;
    }));
    // The terminal comes back: the expired door command is not sent, the other one is.
    sim->connect();
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.commandState(status) == "done"; }), site.log());
    BOOST_CHECK_EQUAL(sim->count("send_device_command"), 0u);
}

BOOST_AUTO_TEST_CASE(work_for_an_offline_terminal_waits_and_goes_out_on_reconnect) {
    TcpjsonSite site;
    auto sim = site.terminal("offline-1");
    sim->disconnect();
    BOOST_REQUIRE(eventually([&] { return !site.device("offline-1")->getValue<bool>("online"); }));
    const auto door = site.queueCommand("offline-1", R"({"kind":"open_door"})");
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":21,"name":"Zhao Liu"})").status, 201);
    std::this_thread::sleep_for(500ms);
    BOOST_CHECK_EQUAL(site.commandState(door), "queued");
    sim->connect();
    BOOST_CHECK(eventually([&] { return site.commandState(door) == "done"; }));
    BOOST_CHECK(sim->waitFor([&] { return sim->persons().count("21") > 0; }));
}

BOOST_AUTO_TEST_CASE(a_reconnect_of_the_same_uuid_replaces_the_old_connection) {
    TcpjsonSite site;
    auto first = site.terminal("same-uuid");
    tsim::SimTerminal second(site.simOptions("same-uuid"));
    second.connect();
    BOOST_CHECK_MESSAGE(first->waitFor([&] { return !first->connected(); }), site.log());
    BOOST_CHECK(second.connected());
    BOOST_CHECK(site.device("same-uuid")->getValue<bool>("online"));
    const auto door = site.queueCommand("same-uuid", R"({"kind":"open_door"})");
    BOOST_CHECK(eventually([&] { return site.commandState(door) == "done"; }));
    BOOST_CHECK_EQUAL(second.commands().size(), 1u);
    BOOST_CHECK(eventually([&] { return site.logged("replaces the one from"); }));
}

BOOST_AUTO_TEST_CASE(a_dead_connection_is_found_by_the_heartbeat_and_marked_offline) {
    TcpjsonSite site({"--set", "plugin.tcpjson.heartbeat_s=1", "--set", "plugin.tcpjson.heartbeat_misses=2"});
    auto sim = site.terminal("dead-1");
    auto alive = site.terminal("alive-1");
    BOOST_REQUIRE(eventually([&] { return site.device("dead-1")->getValue<bool>("online"); }));
    sim->options().silent = true;  // the socket stays open, the terminal says nothing more
    BOOST_CHECK_MESSAGE(eventually([&] { return !site.device("dead-1")->getValue<bool>("online"); }, 15s), site.log());
    BOOST_CHECK(sim->waitFor([&] { return !sim->connected(); }));
    BOOST_CHECK(site.device("alive-1")->getValue<bool>("online"));
    BOOST_CHECK_GE(alive->count("get_device_info"), 2u);  // heartbeats answered
}

BOOST_AUTO_TEST_CASE(a_terminal_clock_that_is_off_is_announced_and_set_with_set_device_time) {
    TcpjsonSite site;
    // This terminal reports its clock in device_info.time, ten minutes ahead.
    auto sim = site.terminal("clock-1", true, [](tsim::SimOptions& o) { o.clockOffsetSeconds = 600; });
    BOOST_REQUIRE_MESSAGE(sim->waitFor([&] { return sim->count("set_device_time") >= 1; }), site.log());
    BOOST_CHECK(std::abs(sim->clockOffset()) < 5);  // the terminal took the server's time
    const std::string db = site.dir.file("var/passway.db");
    BOOST_REQUIRE(eventually([&] { return !journalPayloads(db, "device.clock_skew").empty(); }));
    Poco::JSON::Parser parser;
    const auto event = parser.parse(journalPayloads(db, "device.clock_skew").front()).extract<Poco::JSON::Object::Ptr>();
    BOOST_CHECK(event->getValue<std::int64_t>("skewSeconds") >= 590);
    BOOST_CHECK(event->getValue<std::int64_t>("skewSeconds") <= 610);
    BOOST_CHECK_EQUAL(event->getValue<std::string>("serial"), "clock-1");
    // The skew shows on the device; read again (get_info) it is the clock as set now.
    const auto skew = [&] { return site.device("clock-1")->getObject("reported")->optValue<std::int64_t>("clockSkewS", -9999); };
    const auto info = site.queueCommand("clock-1", R"({"kind":"get_info"})");
    BOOST_REQUIRE(eventually([&] { return site.commandState(info) == "done"; }));
    BOOST_CHECK_MESSAGE(eventually([&] { return std::abs(skew()) < 5; }), "clockSkewS " << skew());
    BOOST_CHECK_EQUAL(sim->count("set_device_time"), 1u);

    // A terminal without a clock in device_info: a record dated ahead of the server's clock tells.
    auto plain = site.terminal("clock-2");
    const auto ahead = std::chrono::system_clock::now() + std::chrono::hours(1) + std::chrono::minutes(480);
    const std::time_t local = std::chrono::system_clock::to_time_t(ahead);
    std::tm parts{};
    gmtime_r(&local, &parts);
    char when[16];
    std::strftime(when, sizeof when, "%Y%m%d%H%M%S", &parts);
    const auto answer = plain->sendAccessInfo(TcpjsonSite::accessInfo("5", when));
    BOOST_REQUIRE(answer);
    BOOST_CHECK_EQUAL(answer->code, 0);  // stored all the same
    BOOST_CHECK_MESSAGE(plain->waitFor([&] { return plain->count("set_device_time") == 1; }), site.log());
    BOOST_CHECK(eventually([&] { return journalPayloads(db, "device.clock_skew").size() == 2u; }));
}
