#include <boost/test/unit_test.hpp>

// The simulator against a scripted fake server: what it puts on the wire
// (headers, gzip, multipart layout, field names) and how it follows the
// keepalive answer (priority order, loops, failures, remote commands).

#include "sim/httpv2/FakeServer.h"
#include "sim/httpv2/Gzip.h"
#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/PeopleSync.h"
#include "sim/httpv2/Terminal.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/StreamCopier.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <unistd.h>

using namespace passway::sim::httpv2;
using namespace passway::sim::httpv2::test;

namespace {

struct Part {
    std::map<std::string, std::string> headers;
    std::string content;
};

std::map<std::string, Part> parts(const Seen& seen) {
    const std::string type = seen.headers.at("Content-Type");
    const std::string boundary = type.substr(type.find("boundary=") + 9);
    std::istringstream in(seen.body);
    Poco::Net::MultipartReader reader(in, boundary);
    std::map<std::string, Part> out;
    while (reader.hasNextPart()) {
        Poco::Net::MessageHeader header;
        reader.nextPart(header);
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition"), disposition, params);
        Part part;
        for (const auto& [k, v] : header) part.headers[k] = v;
        Poco::StreamCopier::copyToString(reader.stream(), part.content);
        out[params.get("name")] = part;
    }
    return out;
}

Poco::JSON::Object::Ptr parse(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr jsonBody(const Seen& seen) {
    const bool gz = seen.headers.count("Content-Encoding") && seen.headers.at("Content-Encoding") == "gzip";
    return parse(gz ? gunzip(seen.body) : seen.body);
}

TerminalOptions optionsFor(const FakeServer& server, const std::string& sn = "FC-8190H00000001") {
    TerminalOptions o;
    o.sn = sn;
    o.port = server.port();
    o.timeout = std::chrono::seconds(5);
    return o;
}

std::string jpeg(std::size_t size, char fill) {
    std::string bytes = "\xFF\xD8\xFF\xE0";
    bytes.resize(size - 2, fill);
    return bytes + "\xFF\xD9";
}

}  // namespace

BOOST_AUTO_TEST_CASE(first_session_sends_a_gzipped_keepalive_then_the_work_settings_over_one_connection) {
    FakeServer server;
    Terminal terminal(optionsFor(server));
    const SessionReport report = terminal.runSession();
    BOOST_TEST(report.ok());
    BOOST_TEST(report.connections == 1);

    const auto seen = server.seen();
    BOOST_REQUIRE_EQUAL(seen.size(), 2u);
    BOOST_TEST(seen[0].path == "/Device/Keepalive");
    BOOST_TEST(seen[0].headers.at("Content-Type") == "application/json; charset=utf-8");
    BOOST_TEST(seen[0].headers.at("Content-Encoding") == "gzip");
    BOOST_TEST(seen[0].headers.at("Connection") == "keep-alive");
    const auto keepalive = jsonBody(seen[0]);
    BOOST_TEST(keepalive->getValue<std::string>("SN") == "FC-8190H00000001");
    for (const char* key : {"RelayStatus", "KeepOpenStatus", "DoorSensorStatus", "LockDoorStatus", "AlarmStatus"}) {
        BOOST_TEST_INFO(key);
        BOOST_TEST(keepalive->has(key));
    }
    BOOST_TEST(seen[1].path == "/Device/UploadWorkSetting");
    const auto settings = jsonBody(seen[1]);
    BOOST_TEST(settings->getValue<std::string>("DeviceSN") == "FC-8190H00000001");
    BOOST_TEST(settings->getValue<std::string>("AlarmStatus") == "\"\"");  // as the document's example sends it
    BOOST_TEST(seen[0].clientPort == seen[1].clientPort);                  // the same connection

    // Settings uploaded since boot: the next session is the keepalive alone.
    terminal.runSession();
    BOOST_TEST(server.seen().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_keepalive_refused_with_401_ends_the_session_and_nothing_else_is_sent) {
    FakeServer server;
    server.json("/Device/Keepalive",
                {R"({"Success":401,"Message":"Connected to server, but device is not activated"})"});
    Terminal terminal(optionsFor(server));
    terminal.addRecord({});
    const SessionReport report = terminal.runSession();
    BOOST_TEST(report.stoppedByServer);
    BOOST_TEST(report.keepaliveSuccess == 401);
    BOOST_TEST(report.keepaliveMessage.find("not activated") != std::string::npos);
    BOOST_TEST(server.paths() == std::vector<std::string>{"/Device/Keepalive"});
}

BOOST_AUTO_TEST_CASE(the_keepalive_example_form_with_a_trailing_comma_is_available) {
    FakeServer server;
    TerminalOptions o = optionsFor(server);
    o.keepaliveTrailingComma = true;
    o.wire.gzipJson = false;
    Terminal terminal(o);
    terminal.runSession();
    const std::string body = server.seen("/Device/Keepalive").at(0).body;
    BOOST_TEST(body.substr(body.size() - 2) == ",}");
    BOOST_TEST(server.seen("/Device/Keepalive").at(0).headers.count("Content-Encoding") == 0u);
}

BOOST_AUTO_TEST_CASE(a_record_is_multipart_with_the_document_boundary_a_gzipped_detail_and_the_jpeg) {
    for (const bool exampleNames : {false, true}) {
        FakeServer server;
        TerminalOptions o = optionsFor(server);
        if (exampleNames) o.wire = WireOptions::exampleFieldNames();
        Terminal terminal(o);
        RecordSpec record;
        record.userId = "7";
        record.name = "Li Lei";
        record.photo = jpeg(40000, 'x');
        const auto id = terminal.addRecord(record);
        const SessionReport report = terminal.runSession();
        BOOST_TEST(report.recordsUploaded == 1);

        const auto uploads = server.seen("/Record/UploadIdentifyRecord");
        BOOST_REQUIRE_EQUAL(uploads.size(), 1u);
        const Seen& upload = uploads[0];
        BOOST_TEST(upload.headers.at("Content-Type") ==
                   "multipart/form-data; boundary=--------------------------506873351428002157394455");
        BOOST_TEST(upload.body.rfind("----------------------------506873351428002157394455\r\n"
                                     "Content-Disposition: form-data; name=\"SN\"\r\n\r\nFC-8190H00000001\r\n",
                                     0) == 0u);
        BOOST_TEST(upload.body.substr(upload.body.size() - 56) ==
                   "----------------------------506873351428002157394455--\r\n");
        const auto p = parts(upload);
        const std::string detailName = exampleNames ? "recordJson" : "RecordDetail";
        const std::string photoName = exampleNames ? "pic" : "Photo";
        BOOST_REQUIRE(p.count(detailName));
        BOOST_TEST(p.at(detailName).headers.at("Content-Encoding") == "gzip");
        const auto detail = parse(gunzip(p.at(detailName).content));
        BOOST_TEST(detail->getValue<std::uint64_t>("RecordID") == id);
        BOOST_TEST(detail->getValue<int>("RecordType") == 3);
        BOOST_TEST(detail->getValue<std::string>("UserID") == "7");
        BOOST_TEST(detail->getValue<int>("PhotoLen") == 40000);
        BOOST_REQUIRE(p.count(photoName));
        BOOST_TEST(p.at(photoName).headers.at("Content-Type") == "image/jpeg");
        BOOST_TEST((p.at(photoName).content == record.photo));
        BOOST_TEST(terminal.model().pendingRecords().empty());
    }
}

BOOST_AUTO_TEST_CASE(a_record_not_acknowledged_stays_pending_for_the_next_session) {
    FakeServer server;
    server.json("/Record/UploadIdentifyRecord", {R"({"Success":0,"Message":"busy"})", R"({"Success":1})"});
    Terminal terminal(optionsFor(server));
    terminal.addRecord({});
    terminal.addRecord({});
    BOOST_TEST(terminal.runSession().recordsUploaded == 0);
    BOOST_TEST(terminal.model().pendingRecords().size() == 2u);
    BOOST_TEST(terminal.runSession().recordsUploaded == 2);
}

BOOST_AUTO_TEST_CASE(people_are_pulled_until_empty_photos_are_checked_and_failures_reported) {
    FakeServer server;
    const std::string photo = jpeg(5000, 'p');
    const std::string md5 = PeopleSync::md5Hex(photo);
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/photo/1.jpg";
    server.script("/photo/1.jpg", {{200, photo, "image/jpeg"}});
    server.json("/Device/Keepalive", {R"({"Success":1,"AddPeople":1})", R"({"Success":1})"});
    server.json("/People/DownloadPeopleList", {R"({"Success":1,"PeopleCount":4,"Count":4,"PeopleList":[)"
                                               R"({"UserID":"1","Name":"A","Photo":")" +
                                                   url + R"(","PhotoMD5":")" + md5 +
                                                   R"(","CardNum":"100"},)"
                                                   R"({"UserID":"2","Name":"B","Photo":")" +
                                                   url +
                                                   R"(","PhotoMD5":"00000000000000000000000000000000"},)"
                                                   R"({"UserID":"3","Name":"C"},)"
                                                   R"({"UserID":"4","Name":"D","CardNum":"100"}]})",
                                               R"({"Success":1,"PeopleCount":0,"PeopleList":[]})"});
    Terminal terminal(optionsFor(server));
    terminal.model().setFailure(3, {20, "1", "face repeated"});
    const SessionReport report = terminal.runSession();
    BOOST_TEST(report.peopleStored == 1);
    BOOST_TEST(report.peopleFailed == 3);

    const auto people = terminal.model().people();
    BOOST_REQUIRE(people.count(1));
    BOOST_TEST(people.at(1).photoVerified());
    BOOST_TEST(people.at(1).userIdWasString);
    BOOST_TEST(people.count(2) == 0u);

    const auto results = server.seen("/People/DownloadPeopleListResult");
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    const auto result = jsonBody(results[0]);
    BOOST_TEST(result->getValue<int>("SuccessCount") == 1);
    BOOST_TEST(result->getValue<int>("FailCount") == 3);
    const auto fails = result->getArray("FailList");
    std::map<std::string, int> codes;
    for (unsigned i = 0; i < fails->size(); ++i) {
        codes[fails->getObject(i)->getValue<std::string>("UserID")] = fails->getObject(i)->getValue<int>("ErrorCode");
    }
    BOOST_TEST(codes["2"] == 2);   // photo does not match PhotoMD5
    BOOST_TEST(codes["3"] == 20);  // injected: face repeated
    BOOST_TEST(codes["4"] == 23);  // card held by user 1
    // The photo came over the session's connection (one connection per session).
    const auto all = server.seen();
    for (const auto& s : all) BOOST_TEST(s.clientPort == all.front().clientPort);
    BOOST_TEST(server.seen("/People/DownloadPeopleList").size() == 2u);
}

BOOST_AUTO_TEST_CASE(deletions_are_pulled_and_confirmed_and_the_alias_path_is_selectable) {
    FakeServer server;
    server.json("/Device/Keepalive", {R"({"Success":1,"DeletePeople":1})", R"({"Success":1})"});
    server.json("/People/SelectDeleteInfo", {R"({"Success":1,"DeleteAll":0,"DeleteCount":2,"DeleteList":[1,"2"]})",
                                             R"({"Success":1,"DeleteList":[]})"});
    TerminalOptions o = optionsFor(server);
    o.deletePeoplePath = "/People/SelectDeleteInfo";
    Terminal terminal(o);
    const SessionReport report = terminal.runSession();
    BOOST_TEST(report.peopleDeleted == 2);
    const auto results = server.seen("/People/DeletePeopleListResult");
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    const auto result = jsonBody(results[0]);
    BOOST_TEST(result->getValue<int>("DeleteCount") == 2);
    BOOST_TEST(result->getArray("DeleteList")->size() == 2u);
}

BOOST_AUTO_TEST_CASE(flags_are_followed_in_the_keepalive_sections_priority_order) {
    FakeServer server;
    server.json("/Device/Keepalive",
                {R"({"Success":1,"AddPeople":1,"DeletePeople":1,"SyncParameter":1,"Remote":1,"UploadWorkParameter":1})",
                 R"({"Success":1})"});
    server.json("/People/DownloadPeopleList", {R"({"Success":1,"PeopleList":[]})"});
    server.json("/People/DeletePeopleList", {R"({"Success":1,"DeleteList":[]})"});
    server.json("/Device/DownloadWorkSetting", {R"({"Success":1,"Volume":3})"});
    Terminal terminal(optionsFor(server));
    terminal.runSession();
    const std::vector<std::string> expected{"/Device/Keepalive",           "/Device/UploadWorkSetting",
                                            "/Device/UploadWorkSetting",   "/Device/RemoteCommand",
                                            "/Device/DownloadWorkSetting", "/Device/UploadWorkSetting",
                                            "/People/DeletePeopleList",    "/People/DownloadPeopleList"};
    BOOST_TEST(server.paths() == expected, boost::test_tools::per_element());
    BOOST_TEST(terminal.model().settings()->getValue<int>("Volume") == 3);
}

BOOST_AUTO_TEST_CASE(remote_commands_open_the_door_upload_a_snapshot_and_register_a_face) {
    FakeServer server;
    server.json("/Device/Keepalive", {R"({"Success":1,"Remote":1})", R"({"Success":1})"});
    server.json("/Device/RemoteCommand",
                {R"({"Success":1,"Opendoor":1,"Snapshoot":1,"RegisterIdentifyTicket":{"RegisterType":4,"UserID":9}})"});
    Terminal terminal(optionsFor(server));
    const std::string camera = jpeg(3000, 'c');
    terminal.model().setCameraImage(camera);
    terminal.runSession();

    BOOST_TEST(terminal.model().door().timesOpened == 1);
    const auto snapshot = server.seen("/Device/UploadSnapshoot");
    BOOST_REQUIRE_EQUAL(snapshot.size(), 1u);
    BOOST_TEST((parts(snapshot[0]).at("Photo").content == camera));
    const auto registered = server.seen("/Device/RegisterIdentifyTicketResult");
    BOOST_REQUIRE_EQUAL(registered.size(), 1u);
    const auto result = parse(parts(registered[0]).at("ResultJson").content);
    BOOST_TEST(result->getValue<int>("Result") == 1);
    BOOST_TEST(result->getValue<int>("UserID") == 9);
    BOOST_TEST(server.seen("/People/PushPeople").size() == 1u);
    const auto system = server.seen("/Record/UploadSystemRecord");
    BOOST_REQUIRE_EQUAL(system.size(), 1u);
    const auto records = jsonBody(system[0]);
    BOOST_TEST(records->getValue<int>("RecordType") == 2);
    BOOST_TEST(records->getArray("Records")->getObject(0)->getValue<int>("RecordType") == 1);  // 软件开门
    // The flat form of the example works too.
    server.json("/Device/Keepalive", {R"({"Success":1,"Remote":1})", R"({"Success":1})"});
    server.json("/Device/RemoteCommand", {R"({"Success":1,"RegisterIdentifyTicket":1,"RegisterIdentifyUserID":5})"});
    terminal.runSession();
    BOOST_TEST(server.seen("/Device/RegisterIdentifyTicketResult").size() == 2u);
    BOOST_TEST(terminal.model().person(5)->cardNum == "880005");
}

BOOST_AUTO_TEST_CASE(online_authorization_returns_the_servers_verdict) {
    FakeServer server;
    server.json("/Device/RequestAuthorization", {R"({"Success":0,"Message":"no entry today"})"});
    Terminal terminal(optionsFor(server));
    RecordSpec record;
    record.userId = "3";
    const Authorization verdict = terminal.requestAuthorization(record);
    BOOST_TEST(verdict.success == 0);
    BOOST_TEST(verdict.message == "no entry today");
    const auto detail =
        parse(gunzip(parts(server.seen("/Device/RequestAuthorization").at(0)).at("RecordDetail").content));
    BOOST_TEST(std::to_string(detail->getValue<std::uint64_t>("RecordID")).size() == 13u);  // a millisecond stamp
}

BOOST_AUTO_TEST_CASE(gzip_round_trips_and_rejects_garbage) {
    const std::string text(10000, 'a');
    BOOST_TEST(gunzip(gzip(text)) == text);
    BOOST_CHECK_THROW(gunzip("not gzip at all"), std::runtime_error);
    const std::string packed = gzip(text);
    BOOST_CHECK_THROW(gunzip(packed.substr(0, packed.size() / 2)), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_terminal_can_speak_https) {
    // A self-signed certificate made for the test (terminals do not verify it).
    const auto dir = std::filesystem::temp_directory_path() / ("httpv2-sim-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string key = (dir / "key.pem").string(), cert = (dir / "cert.pem").string();
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
                                " -out " + cert + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        BOOST_TEST_MESSAGE("openssl is not available; HTTPS not checked");
        std::filesystem::remove_all(dir);
        return;
    }
    {
        FakeServer server(key, cert);
        TerminalOptions o = optionsFor(server);
        o.tls = true;
        Terminal terminal(o);
        terminal.addRecord({});
        const SessionReport report = terminal.runSession();
        BOOST_TEST(report.ok(), report.error);
        BOOST_TEST(report.recordsUploaded == 1);
        BOOST_TEST(server.paths().size() == 3u);
    }
    std::filesystem::remove_all(dir);
}
