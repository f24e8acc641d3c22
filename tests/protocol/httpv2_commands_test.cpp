#include <boost/test/unit_test.hpp>

// The admin API drives HTTPv2 terminals: an unknown SN is refused with
// Success 401 until activated, a queued command reaches the terminal through
// Keepalive (Remote: 1) → RemoteCommand and ends done, parameters reach it
// through SyncParameter → DownloadWorkSetting, and the work settings it
// uploads are visible. Restart travels alone, a snapshot may come back
// through RegisterIdentifyTicketResult, and a clock that is off is set.

#include "Httpv2Site.h"

#include "JournalTopics.h"
#include "sim/httpv2/PeopleSync.h"

#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <optional>

using namespace passway::test;

namespace {

std::string commandState(const Httpv2Site& site, std::int64_t commandId) {
    const auto reply = site.api("GET", "/commands/" + std::to_string(commandId));
    return reply.status == 200 ? reply.json()->getValue<std::string>("state") : "HTTP " + std::to_string(reply.status);
}

std::int64_t queue(const Httpv2Site& site, std::int64_t deviceId, const std::string& body) {
    const auto reply = site.api("POST", "/devices/" + std::to_string(deviceId) + "/commands", body);
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    return reply.json()->getValue<std::int64_t>("id");
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_unknown_sn_gets_success_401_until_it_is_activated_through_the_api) {
    Httpv2Site site;
    sim::Terminal terminal(site.terminalOptions("FC-8190H24070001"));
    for (int i = 0; i < 2; ++i) {
        const auto report = terminal.runSession();
        BOOST_TEST(report.error.empty(), report.error);
        BOOST_TEST(report.keepaliveStatus == 200);
        BOOST_TEST(report.keepaliveSuccess == 401);
        BOOST_TEST(report.keepaliveMessage ==
                   "Connected to server, but device is not activated");  // the document's text
        BOOST_TEST(report.steps.size() == 1u);                           // silent until the next keepalive
    }
    const auto device = site.device("FC-8190H24070001");
    BOOST_REQUIRE_MESSAGE(device, "the refused terminal is not listed for activation");
    BOOST_TEST(device->getValue<std::string>("state") == "pending");
    BOOST_TEST(device->getValue<std::string>("protocol") == "httpv2");

    site.activate("FC-8190H24070001");
    // The plugin hears of the activation through device.state.changed, which
    // may come after the terminal's next keepalive: sessions until accepted.
    BOOST_REQUIRE(terminal.runUntil([&] { return terminal.lastReport().keepaliveSuccess == 1; }, 10s));
    const auto accepted = terminal.lastReport();
    // The first accepted session uploads the work settings; the host keeps them.
    BOOST_TEST(
        (std::find(accepted.steps.begin(), accepted.steps.end(), "/Device/UploadWorkSetting") != accepted.steps.end()));
    BOOST_TEST(eventually([&] {
        const auto d = site.device("FC-8190H24070001");
        return d && d->getObject("reported") && d->getObject("reported")->has("FirmwareVerson");
    }));
    BOOST_TEST(site.device("FC-8190H24070001")->getValue<bool>("online"));

    // Disabled again: refused again.
    site.api("POST", "/devices/" + std::to_string(site.deviceId("FC-8190H24070001")) + "/disable");
    BOOST_TEST(terminal.runUntil([&] { return terminal.lastReport().keepaliveSuccess != 1; }, 10s));
}

BOOST_AUTO_TEST_CASE(an_open_door_command_reaches_the_terminal_through_remote_command_and_ends_done) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070002");
    const auto deviceId = site.deviceId("FC-8190H24070002");
    const auto commandId = queue(site, deviceId, R"({"kind":"open_door","args":{"door":1}})");

    const auto report = terminal->runSession();
    BOOST_REQUIRE(report.keepaliveReply);
    BOOST_TEST(report.keepaliveReply->optValue<int>("Remote", 0) == 1);
    BOOST_TEST((std::find(report.steps.begin(), report.steps.end(), "/Device/RemoteCommand") != report.steps.end()));
    BOOST_TEST(terminal->model().door().timesOpened == 1);
    BOOST_TEST(terminal->runUntil([&] { return commandState(site, commandId) == "done"; }, 10s),
               "command state: " << commandState(site, commandId));
    // Delivered once: later keepalives carry no Remote flag and the door stays as it was.
    const auto later = terminal->runSession();
    BOOST_TEST(later.keepaliveReply->optValue<int>("Remote", 0) == 0);
    BOOST_TEST(terminal->model().door().timesOpened == 1);
}

BOOST_AUTO_TEST_CASE(door_modes_restart_and_a_snapshot_are_delivered) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070003");
    const auto deviceId = site.deviceId("FC-8190H24070003");
    const auto snapshot = queue(site, deviceId, R"({"kind":"snapshot"})");
    BOOST_TEST(terminal->runUntil([&] { return commandState(site, snapshot) == "done"; }, 10s),
               "snapshot: " << commandState(site, snapshot));
    bool uploaded = false;
    for (const auto& call : terminal->model().calls())
        uploaded |= call.path == "/Device/UploadSnapshoot" && call.success == 1;
    BOOST_TEST(uploaded);

    const auto restart = queue(site, deviceId, R"({"kind":"restart"})");
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().restarts() == 1; }, 10s));
    BOOST_TEST(terminal->runUntil([&] { return commandState(site, restart) == "done"; }, 10s),
               "restart: " << commandState(site, restart));
}

BOOST_AUTO_TEST_CASE(parameters_set_through_the_api_reach_the_terminal_through_sync_parameter) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070004");
    const auto deviceId = site.deviceId("FC-8190H24070004");
    const auto put =
        site.api("PUT", "/devices/" + std::to_string(deviceId) + "/parameters", R"({"Volume":2,"ReleaseTime":5})");
    BOOST_REQUIRE_MESSAGE(put.status == 200, put.body);
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().settings()->getValue<int>("Volume") == 2; }, 10s));
    BOOST_TEST(terminal->model().settings()->getValue<int>("ReleaseTime") == 5);
    // Applied once: the next keepalive no longer asks for it.
    BOOST_TEST(terminal->runSession().keepaliveReply->optValue<int>("SyncParameter", 0) == 0);
}

BOOST_AUTO_TEST_CASE(a_face_registered_on_the_terminal_becomes_the_persons_photo_and_comes_back_to_it) {
    Httpv2Site site;
    const std::string face = Faces::copy(site.dir, "train_kit_harington_john2.jpeg");
    auto terminal = site.activeTerminal("FC-8190H24070005");
    const auto deviceId = site.deviceId("FC-8190H24070005");
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":4001,"name":"Kit Harington"})").status, 201);
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().person(4001).has_value(); }, 15s));
    BOOST_TEST(terminal->model().person(4001)->photo.empty());

    terminal->model().setCameraImage(face);  // what the camera sees when the person registers
    const auto command =
        queue(site, deviceId, R"({"kind":"register_identify_ticket","args":{"userId":4001,"type":"face"}})");
    BOOST_TEST(terminal->runUntil([&] { return commandState(site, command) == "done"; }, 15s),
               "register_identify_ticket: " << commandState(site, command));
    bool reported = false;
    for (const auto& call : terminal->model().calls()) {
        reported |= call.path == "/Device/RegisterIdentifyTicketResult" && call.success == 1;
    }
    BOOST_TEST(reported);

    // The host keeps the registered face as the person's photo...
    const auto photo = site.api("GET", "/persons/4001/photo");
    BOOST_TEST(photo.status == 200);
    BOOST_TEST((photo.body == face), "stored photo: " << photo.body.size() << " bytes, registered " << face.size());
    // ...and the terminal ends up holding the person at that photo (sent back, or confirmed as held).
    BOOST_TEST(terminal->runUntil(
        [&] {
            const auto person = terminal->model().person(4001);
            const auto entry = site.syncEntry(deviceId, 4001);
            return person && person->photoMd5Computed == sim::PeopleSync::md5Hex(face) && entry &&
                   !entry->getValue<bool>("pending");
        },
        15s));
}

BOOST_AUTO_TEST_CASE(firmware_pushed_through_the_api_is_downloaded_and_checked_by_the_terminal) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070006");
    const auto deviceId = site.deviceId("FC-8190H24070006");
    std::string firmware(300000, '\0');
    for (std::size_t i = 0; i < firmware.size(); ++i) firmware[i] = static_cast<char>((i * 2654435761u) >> 13);
    const auto uploaded = site.api("POST", "/files", firmware, "application/octet-stream");
    BOOST_REQUIRE_MESSAGE(uploaded.status == 201, uploaded.body);
    const std::string blob = uploaded.json()->getValue<std::string>("sha256");

    const auto command =
        queue(site, deviceId, R"({"kind":"firmware","args":{"blob":")" + blob + R"(","version":"8.47"}})");
    BOOST_TEST(terminal->runUntil([&] { return commandState(site, command) == "done"; }, 15s),
               "firmware: " << commandState(site, command));
    BOOST_TEST(terminal->model().settings()->getValue<std::string>("FirmwareVerson") == "8.47");
    std::string outcome;
    for (const auto& c : terminal->model().commands()) {
        if (c.name == "PushSoftware") outcome = c.outcome + " " + c.value;
    }
    BOOST_TEST(outcome.find("installed") != std::string::npos, outcome);
}

BOOST_AUTO_TEST_CASE(the_keepalive_exactly_as_the_documents_example_writes_it_is_accepted) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070007", [](sim::TerminalOptions& o) {
        o.keepaliveTrailingComma = true;  // "AlarmStatus": "",}
        o.wire.gzipJson = false;
        o.wire.jsonContentType = "application/json";
    });
    const auto report = terminal->runSession();
    BOOST_TEST(report.keepaliveSuccess == 1, report.keepaliveMessage);
}

BOOST_AUTO_TEST_CASE(restart_and_recover_travel_alone_in_a_remote_command_answer) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070008");
    const auto deviceId = site.deviceId("FC-8190H24070008");
    const auto door = queue(site, deviceId, R"({"kind":"open_door"})");
    const auto restart = queue(site, deviceId, R"({"kind":"restart"})");
    const auto alarm = queue(site, deviceId, R"({"kind":"close_alarm"})");
    BOOST_TEST(terminal->runUntil(
                   [&] {
                       return commandState(site, door) == "done" && commandState(site, restart) == "done" &&
                              commandState(site, alarm) == "done";
                   },
                   15s),
               "open_door " << commandState(site, door) << ", restart " << commandState(site, restart)
                            << ", close_alarm " << commandState(site, alarm));
    BOOST_TEST(terminal->model().restarts() == 1);
    BOOST_TEST(terminal->model().door().timesOpened == 1);

    // Each RemoteCommand answer that carried Restart carried nothing else.
    int withRestart = 0;
    for (const auto& call : terminal->model().calls()) {
        if (call.path != "/Device/RemoteCommand" || call.replyBody.empty()) continue;
        Poco::JSON::Parser parser;
        const auto reply = parser.parse(call.replyBody).extract<Poco::JSON::Object::Ptr>();
        if (!reply->has("Restart")) continue;
        ++withRestart;
        for (const auto& name : reply->getNames()) {
            BOOST_TEST((name == "Restart" || name == "Success" || name == "Message"),
                       "Restart shared its answer with " << name << ": " << call.replyBody);
        }
    }
    BOOST_TEST(withRestart == 1);
}

BOOST_AUTO_TEST_CASE(a_snapshot_uploaded_through_register_identify_ticket_result_finishes_the_command) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070009",
                                        [](sim::TerminalOptions& o) { o.snapshotThroughRegisterResult = true; });
    const auto deviceId = site.deviceId("FC-8190H24070009");
    const std::string camera = Faces::copy(site.dir, "snapshot-through-register-result.jpg");
    terminal->model().setCameraImage(camera);
    const auto snapshot = queue(site, deviceId, R"({"kind":"snapshot"})");
    BOOST_TEST(terminal->runUntil([&] { return commandState(site, snapshot) == "done"; }, 10s),
               "snapshot: " << commandState(site, snapshot) << "\n" << site.log());
    bool throughRegisterResult = false;
    for (const auto& call : terminal->model().calls()) {
        throughRegisterResult |= call.path == "/Device/RegisterIdentifyTicketResult" && call.success == 1;
    }
    BOOST_TEST(throughRegisterResult);
    const auto result = site.api("GET", "/commands/" + std::to_string(snapshot)).json()->getObject("result");
    BOOST_REQUIRE(result);
    BOOST_TEST(result->getValue<std::size_t>("bytes") == camera.size());
    const auto photo = site.api("GET", "/files/" + result->getValue<std::string>("photo"));
    BOOST_TEST(photo.status == 200, photo.body);
    BOOST_TEST((photo.body == camera));
}

BOOST_AUTO_TEST_CASE(a_terminal_whose_clock_is_off_is_announced_and_set_to_the_servers_time) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24070010",
                                        [](sim::TerminalOptions& o) { o.clockOffsetSeconds = 600; });
    const auto skewOf = [&]() -> std::optional<std::int64_t> {
        const auto d = site.device("FC-8190H24070010");
        const auto reported = d ? d->getObject("reported") : nullptr;
        if (!reported || !reported->has("clockSkewS")) return std::nullopt;
        return reported->getValue<std::int64_t>("clockSkewS");
    };
    // Its first settings upload shows the skew (the sim's clock ten minutes ahead).
    BOOST_REQUIRE(eventually([&] { return skewOf().has_value(); }, 10s));
    BOOST_TEST(*skewOf() >= 590);
    BOOST_TEST(*skewOf() <= 610);
    const std::string db = site.dir.file("var/passway.db");
    BOOST_REQUIRE(eventually([&] { return !journalPayloads(db, "device.clock_skew").empty(); }, 10s));
    Poco::JSON::Parser parser;
    const auto event = parser.parse(journalPayloads(db, "device.clock_skew").front()).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(event->getValue<std::int64_t>("skewSeconds") >= 590);
    BOOST_TEST(event->getValue<std::string>("serial") == "FC-8190H24070010");
    BOOST_TEST(event->getValue<bool>("pushed"));

    // SyncParameter → DownloadWorkSetting with SystemTime: the terminal sets its clock, then
    // uploads its settings again, and the skew shown is the clock as it is now.
    BOOST_TEST(terminal->runUntil([&] { const auto s = skewOf(); return s && *s > -5 && *s < 5; }, 15s),
               "skew " << skewOf().value_or(-1) << ", terminal offset " << terminal->model().clockOffset());
    BOOST_TEST(std::abs(terminal->model().clockOffset()) < 5);
    // A clock within max_clock_skew_s is left alone: no second announcement.
    terminal->runSession();
    BOOST_TEST(journalPayloads(db, "device.clock_skew").size() == 1u);
}
