#include <boost/test/unit_test.hpp>

// The plugin inside a real passwayd, driven with raw HTTP, for the flows the
// terminal simulator (tests/sim/httpv2) does not take: PushPeople,
// RegisterIdentifyTicketResult, clear_persons, firmware from the blob store,
// system-record alarms, offline/online, unknown commands, aliases, and the
// document's error shapes. Checked through the admin API.

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/TempDir.h"
#include "wire/Digest.h"
#include "wire/Gzip.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <filesystem>
#include <functional>
#include <thread>

using namespace passway;
using namespace std::chrono_literals;
using test::eventually;
using test::freePort;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

const std::string kBoundary = "----passway-httpv2-test";

struct Part {
    std::string name;
    std::string content;
    std::string headers;  // extra part headers, each ending in \r\n
    std::string filename;
};

std::string multipart(const std::vector<Part>& parts) {
    std::string body;
    for (const auto& p : parts) {
        body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
        body += "\r\n" + p.headers + "\r\n" + p.content + "\r\n";
    }
    return body + "--" + kBoundary + "--\r\n";
}

struct DeviceReply {
    int status = 0;
    std::string body;
    Poco::JSON::Object::Ptr json() const { return parse(body); }
    int success() const { return json()->getValue<int>("Success"); }
};

class Host {
public:
    static constexpr const char* kPassword = "httpv2-host-test-secret";

    explicit Host(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--set", "http.address=127.0.0.1",
                                      "--set", "http.port=" + std::to_string(adminPort),
                                      "--set", std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www",
                                      "--set", std::string("plugins.dir=") + PASSWAY_PLUGIN_DIR,
                                      "--set", "plugins.enabled=httpv2",
                                      "--set", "plugin.httpv2.port=" + std::to_string(devicePort)};
        for (auto& e : extra) {
            args.push_back("--set");
            args.push_back(e);
        }
        process = std::make_unique<test::ChildProcess>(
            std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd", args, dir.path().string(),
            std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", kPassword}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        BOOST_REQUIRE(eventually([this] { return listening(); }));
        token = test::login(adminPort, "admin", kPassword);
        BOOST_REQUIRE(!token.empty());
    }
    ~Host() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(20s);
        }
    }

    bool listening() const { return test::listening(devicePort); }

    test::HttpReply api(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::string& contentType = "application/json") const {
        return test::httpRequest(adminPort, method, "/api/v1" + path, body, token, contentType);
    }

    DeviceReply call(const std::string& path, const std::string& body, const std::string& contentType,
                     bool gzipBody = false, const std::string& method = "POST") const {
        Poco::Net::HTTPClientSession session("127.0.0.1", devicePort);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        const std::string sent = gzipBody ? httpv2::gzip(body) : body;
        if (gzipBody) request.set("Content-Encoding", "gzip");
        if (method == "POST") {
            request.setContentType(contentType);
            request.setContentLength(static_cast<std::streamsize>(sent.size()));
            session.sendRequest(request) << sent;
        } else {
            session.sendRequest(request);
        }
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        DeviceReply reply;
        reply.status = static_cast<int>(response.getStatus());
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }
    DeviceReply json(const std::string& path, const std::string& body, bool gzipBody = true) const {
        return call(path, body, "application/json; charset=utf-8", gzipBody);
    }
    DeviceReply form(const std::string& path, const std::vector<Part>& parts) const {
        return call(path, multipart(parts), "multipart/form-data; boundary=" + kBoundary);
    }
    DeviceReply keepalive(const std::string& sn, const std::string& alarm = "") const {
        return json("/Device/Keepalive", R"({"SN":")" + sn + R"(","RelayStatus":0,"KeepOpenStatus":0,)"
                                         R"("DoorSensorStatus":0,"LockDoorStatus":0,"AlarmStatus":")" + alarm + R"(",})");
    }

    Poco::JSON::Object::Ptr device(const std::string& serial) const {
        const auto items = api("GET", "/devices?limit=1000").json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            if (items->getObject(i)->getValue<std::string>("serial") == serial) return items->getObject(i);
        }
        return nullptr;
    }
    // A terminal known to the host, active, with work settings uploaded.
    std::int64_t activeTerminal(const std::string& sn) const {
        BOOST_REQUIRE_EQUAL(keepalive(sn).success(), 401);
        const auto id = device(sn)->getValue<std::int64_t>("id");
        BOOST_REQUIRE_EQUAL(api("POST", "/devices/" + std::to_string(id) + "/activate").status, 200);
        BOOST_REQUIRE(eventually([&] { return keepalive(sn).success() == 1; }));
        BOOST_REQUIRE_EQUAL(json("/Device/UploadWorkSetting",
                                 R"({"DeviceSN":")" + sn + R"(","FirmwareVerson":"8.46","HTTPClient_KeepaliveTime":5})")
                                .success(),
                            1);
        return id;
    }
    std::int64_t queue(std::int64_t deviceId, const std::string& body) const {
        const auto reply = api("POST", "/devices/" + std::to_string(deviceId) + "/commands", body);
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return reply.json()->getValue<std::int64_t>("id");
    }
    Poco::JSON::Object::Ptr command(std::int64_t id) const {
        return api("GET", "/commands/" + std::to_string(id)).json();
    }
    Poco::JSON::Object::Ptr syncEntry(std::int64_t deviceId, std::uint32_t userId) const {
        const auto items = api("GET", "/devices/" + std::to_string(deviceId) + "/sync?limit=1000").json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            if (items->getObject(i)->getValue<std::uint32_t>("userId") == userId) return items->getObject(i);
        }
        return nullptr;
    }

    test::TempDir dir{"httpv2-host"};
    std::uint16_t adminPort = freePort();
    std::uint16_t devicePort = freePort();
    std::unique_ptr<test::ChildProcess> process;
    std::string token;
};

int flag(const DeviceReply& reply, const char* name) { return reply.json()->optValue<int>(name, 0); }

} // namespace

BOOST_AUTO_TEST_CASE(a_person_enrolled_on_a_terminal_is_created_and_not_sent_back) {
    // A site that takes what its terminals enroll (the default holds a new
    // person for review: httpv2_intake_test).
    Host host({"plugin.httpv2.person_intake=accept"});
    const auto deviceId = host.activeTerminal("FC-PUSH0001");
    const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2000, 'p') + "\xFF\xD9";
    const auto pushed = host.form("/People/PushPeople",
                                  {{"SN", "FC-PUSH0001"},
                                   {"PushType", "1"},
                                   {"UserID", "501"},
                                   {"Detail", httpv2::gzip(R"({"UserID":"501","Name":"Li Lei","CardNum":"700501",
                                      "Fingerprints":[{ Num: 1, Data: ")" + httpv2::base64Encode("FP") + R"(" }]})"),
                                    "Content-Encoding: gzip\r\n"},
                                   {"Photo", jpeg, "Content-Type: image/jpeg\r\n", "Photo.jpg"}});
    BOOST_TEST(pushed.success() == 1, pushed.body);
    const auto person = host.api("GET", "/persons/501");
    BOOST_REQUIRE_MESSAGE(person.status == 200, person.body);
    BOOST_TEST(person.json()->getValue<std::string>("name") == "Li Lei");
    BOOST_TEST(!person.json()->isNull("photo"));
    BOOST_TEST(person.body.find("700501") != std::string::npos);
    BOOST_TEST(person.body.find("fingerprint") != std::string::npos);

    // The terminal holds it: confirmed in the ledger, no AddPeople.
    BOOST_TEST(eventually([&] {
        const auto e = host.syncEntry(deviceId, 501);
        return e && !e->getValue<bool>("pending");
    }));
    BOOST_TEST(flag(host.keepalive("FC-PUSH0001"), "AddPeople") == 0);

    // create_only: a second push does not overwrite; a push without Detail is fine.
    host.form("/People/PushPeople", {{"SN", "FC-PUSH0001"}, {"PushType", "2"}, {"UserID", "501"},
                                     {"Detail", R"({"UserID":501,"Name":"Changed"})"}});
    BOOST_TEST(host.api("GET", "/persons/501").json()->getValue<std::string>("name") == "Li Lei");
    BOOST_TEST(host.form("/People/PushPeople", {{"SN", "FC-PUSH0001"}, {"PushType", "4"}, {"UserID", "502"}}).success() == 1);
    BOOST_TEST(host.api("GET", "/persons/502").status == 404);
}

BOOST_AUTO_TEST_CASE(people_download_carries_a_photo_url_served_with_its_md5_and_failures_are_kept) {
    Host host;
    const auto deviceId = host.activeTerminal("FC-PEOPLE01");
    BOOST_REQUIRE_EQUAL(host.api("POST", "/persons", R"({"userId":601,"name":"Han Meimei","credentials":[{"kind":"card","value":"600601"},{"kind":"password","value":"1234"}]})").status, 201);
    const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(5000, 'q') + "\xFF\xD9";
    BOOST_REQUIRE_EQUAL(host.api("PUT", "/persons/601/photo", jpeg, "image/jpeg").status / 100, 2);
    BOOST_REQUIRE_EQUAL(host.api("POST", "/persons", R"({"userId":602,"name":"Fails"})").status, 201);
    BOOST_REQUIRE(eventually([&] { return flag(host.keepalive("FC-PEOPLE01"), "AddPeople") == 1; }));
    BOOST_REQUIRE(eventually([&] {
        const auto e = host.syncEntry(deviceId, 601);
        return e && e->getValue<std::int64_t>("wantedVersion") >= 2000;  // the photo's version is wanted
    }));

    const auto list = host.json("/DevicePass/SelectPassInfo", R"({"SN":"FC-PEOPLE01","Limit":10})");
    BOOST_REQUIRE_EQUAL(list.success(), 1);
    BOOST_TEST(list.json()->getValue<int>("PeopleCount") == 2);
    BOOST_TEST(list.json()->getValue<int>("Count") == 2);
    Poco::JSON::Object::Ptr rose;
    const auto people = list.json()->getArray("PeopleList");
    for (unsigned i = 0; i < people->size(); ++i) {
        if (people->getObject(i)->getValue<std::string>("UserID") == "601") rose = people->getObject(i);
    }
    BOOST_REQUIRE(rose);
    BOOST_TEST(rose->getValue<std::string>("CardNum") == "600601");
    BOOST_TEST(rose->getValue<std::string>("PhotoMD5") == httpv2::md5Upper(jpeg));
    BOOST_TEST(rose->getValue<std::size_t>("PhotoLen") == jpeg.size());
    const Poco::URI url(rose->getValue<std::string>("Photo"));
    BOOST_TEST(url.getPort() == host.devicePort);
    const auto photo = host.call(url.getPathEtc(), "", "", false, "GET");
    BOOST_TEST(photo.status == 200);
    BOOST_TEST((photo.body == jpeg));

    // While the batch is out, it is not handed out again.
    BOOST_TEST(host.json("/People/DownloadPeopleList", R"({"SN":"FC-PEOPLE01","Limit":10})").json()->getValue<int>("Count") == 0);
    const auto result = host.json("/People/DownloadPeopleListResult",
                                  R"({"SN":"FC-PEOPLE01","SuccessCount":1,"FailCount":1,
                                      "FailCount":[{"UserID":602,"ErrorCode":23,"RepeatID":"601","ErrMsg":""}]})");
    BOOST_TEST(result.success() == 1);
    BOOST_TEST(!host.syncEntry(deviceId, 601)->getValue<bool>("pending"));
    const auto failed = host.syncEntry(deviceId, 602);
    BOOST_TEST(failed->getValue<bool>("pending"));
    BOOST_TEST(failed->getValue<int>("lastErrorCode") == 23);
    BOOST_TEST(failed->getValue<std::string>("lastError").find("repeats user 601") != std::string::npos);
    BOOST_TEST(flag(host.keepalive("FC-PEOPLE01"), "AddPeople") == 0);  // a failed person is not retried unchanged
}

BOOST_AUTO_TEST_CASE(a_register_ticket_stores_the_new_card_and_finishes_the_command) {
    Host host;
    const auto deviceId = host.activeTerminal("FC-TICKET01");
    BOOST_REQUIRE_EQUAL(host.api("POST", "/persons", R"({"userId":701,"name":"Ticket"})").status, 201);
    const auto commandId = host.queue(deviceId, R"({"kind":"register_identify_ticket","args":{"userId":701,"type":"card"}})");
    BOOST_TEST(flag(host.keepalive("FC-TICKET01"), "Remote") == 1);
    const auto remote = host.json("/Device/SelectRestart", R"({"SN":"FC-TICKET01"})");
    const auto ticket = remote.json()->getObject("RegisterIdentifyTicket");
    BOOST_REQUIRE_MESSAGE(ticket, remote.body);
    BOOST_TEST(ticket->getValue<int>("RegisterType") == 1);
    BOOST_TEST(ticket->getValue<int>("UserID") == 701);
    BOOST_TEST(host.command(commandId)->getValue<std::string>("state") == "sent");
    host.keepalive("FC-TICKET01");  // awaiting an answer of its own: not done by a keepalive
    BOOST_TEST(host.command(commandId)->getValue<std::string>("state") == "sent");

    const auto answer = host.form("/Device/RegisterIdentifyTicketResult",
                                  {{"ResultJson", R"({"SN":"FC-TICKET01","UserID":701,"Result":1,
                                      "UserDetail":{"UserID":"701","Name":"Ticket","CardNum":"880701"}})"}});
    BOOST_TEST(answer.success() == 1);
    BOOST_TEST(host.command(commandId)->getValue<std::string>("state") == "done");
    BOOST_TEST(host.api("GET", "/persons/701").body.find("880701") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(clear_persons_sends_delete_all_and_everything_goes_out_again) {
    Host host;
    const auto deviceId = host.activeTerminal("FC-CLEAR001");
    BOOST_REQUIRE_EQUAL(host.api("POST", "/persons", R"({"userId":801,"name":"Held"})").status, 201);
    BOOST_REQUIRE(eventually([&] { return flag(host.keepalive("FC-CLEAR001"), "AddPeople") == 1; }));
    host.json("/People/DownloadPeopleList", R"({"SN":"FC-CLEAR001"})");
    host.json("/People/DownloadPeopleListResult", R"({"SN":"FC-CLEAR001","SuccessCount":1,"FailCount":0,"FailList":[]})");
    BOOST_REQUIRE(!host.syncEntry(deviceId, 801)->getValue<bool>("pending"));

    const auto commandId = host.queue(deviceId, R"({"kind":"clear_persons"})");
    BOOST_TEST(flag(host.keepalive("FC-CLEAR001"), "DeletePeople") == 1);
    const auto list = host.json("/People/SelectDeleteInfo", R"({"SN":"FC-CLEAR001"})");
    BOOST_TEST(list.json()->getValue<int>("DeleteAll") == 1);
    host.json("/People/DeletePeopleListResult", R"({"SN":"FC-CLEAR001","DeleteCount":1,"DeleteAll":1,"DeletList":[]})");
    BOOST_TEST(host.command(commandId)->getValue<std::string>("state") == "done");
    BOOST_TEST(host.syncEntry(deviceId, 801)->getValue<bool>("pending"));
    const auto again = host.keepalive("FC-CLEAR001");
    BOOST_TEST(flag(again, "AddPeople") == 1);
    BOOST_TEST(flag(again, "DeletePeople") == 0);
}

BOOST_AUTO_TEST_CASE(firmware_is_served_from_the_blob_store_with_an_upper_case_md5) {
    Host host({"plugin.httpv2.register_ticket_form=flat"});
    const auto deviceId = host.activeTerminal("FC-FIRMW001");
    const std::string firmware(70000, '\x5a');
    const auto uploaded = host.api("POST", "/files", firmware, "application/octet-stream");
    BOOST_REQUIRE_MESSAGE(uploaded.status / 100 == 2, uploaded.body);
    const std::string sha = uploaded.json()->getValue<std::string>("sha256");
    const auto commandId = host.queue(deviceId, R"({"kind":"firmware","args":{"blob":")" + sha + R"(","version":"8.47"}})");
    host.queue(deviceId, R"({"kind":"register_identify_ticket","args":{"userId":9,"type":4}})");
    const auto unknown = host.queue(deviceId, R"({"kind":"make_coffee"})");
    BOOST_TEST(flag(host.keepalive("FC-FIRMW001"), "Remote") == 1);
    BOOST_TEST(host.command(unknown)->getValue<std::string>("state") == "failed");

    const auto remote = host.json("/Device/RemoteCommand", R"({"SN":"FC-FIRMW001"})").json();
    const auto software = remote->getObject("PushSoftware");
    BOOST_REQUIRE(software);
    BOOST_TEST(software->getValue<std::string>("SoftwareMD5") == httpv2::md5Upper(firmware));
    BOOST_TEST(software->getValue<std::string>("SoftwareVer") == "8.47");
    BOOST_TEST(remote->getValue<int>("RegisterIdentifyTicket") == 4);  // flat form
    BOOST_TEST(remote->getValue<int>("RegisterIdentifyUserID") == 9);
    const auto file = host.call(Poco::URI(software->getValue<std::string>("SoftwareURL")).getPathEtc(), "", "", false, "GET");
    BOOST_TEST((file.body == firmware));
    host.keepalive("FC-FIRMW001");
    BOOST_TEST(host.command(commandId)->getValue<std::string>("state") == "done");
}

BOOST_AUTO_TEST_CASE(system_records_are_stored_once_as_events) {
    Host host;
    const auto deviceId = host.activeTerminal("FC-SYSREC01");
    const std::string batch = R"({"SN":"FC-SYSREC01","RecordType":2,"Records":[
        {"RecordID":1,"RecordType":19,"RecordDate":1718616771},{"RecordID":2,"RecordType":26,"RecordDate":1718616772}]})";
    BOOST_TEST(host.json("/Record/UploadSystemRecord", batch).success() == 1);
    BOOST_TEST(host.json("/Record/UploadSystemRecord", batch).success() == 1);  // retried: stored once
    const auto records = host.api("GET", "/records?limit=50&deviceId=" + std::to_string(deviceId)).json()->getArray("items");
    BOOST_REQUIRE_EQUAL(records->size(), 2u);
    std::set<std::string> reasons;
    for (unsigned i = 0; i < records->size(); ++i) {
        BOOST_TEST(records->getObject(i)->getValue<std::string>("result") == "event");
        reasons.insert(records->getObject(i)->getValue<std::string>("reason"));
    }
    BOOST_TEST((reasons == std::set<std::string>{"system.fire_alarm", "system.fire_alarm_cleared"}));
}

BOOST_AUTO_TEST_CASE(a_silent_terminal_goes_offline_and_comes_back) {
    Host host({"plugin.httpv2.offline_after_keepalives=1", "plugin.httpv2.sweep_interval_s=1"});
    host.activeTerminal("FC-OFFLINE1");  // reports a 5 s keepalive
    BOOST_TEST(host.device("FC-OFFLINE1")->getValue<bool>("online"));
    BOOST_TEST(eventually([&] { return !host.device("FC-OFFLINE1")->getValue<bool>("online"); }, 10s));
    host.keepalive("FC-OFFLINE1", "fire");
    BOOST_TEST(host.device("FC-OFFLINE1")->getValue<bool>("online"));
    BOOST_TEST(host.device("FC-OFFLINE1")->getObject("reported")->getValue<std::string>("AlarmStatus") == "fire");
}

BOOST_AUTO_TEST_CASE(refusals_come_in_the_documents_shape) {
    Host host({"plugin.httpv2.max_body_bytes=65536"});
    const auto badSn = host.json("/Device/Keepalive", R"({"SN":"x"})");
    BOOST_TEST(badSn.status == 200);
    BOOST_TEST(badSn.success() == 400);
    BOOST_TEST(host.json("/Device/Keepalive", R"({"RelayStatus":0})").success() == 400);  // no SN
    const auto broken = host.json("/Device/Keepalive", R"({"SN":"FC-ERR00001",)", false);
    BOOST_TEST(broken.status == 400);
    BOOST_TEST(broken.json()->getValue<std::string>("Message").find("malformed JSON") == 0);
    const auto big = host.json("/Device/UploadWorkSetting", std::string(100000, ' '), false);
    BOOST_TEST(big.status == 413);
    BOOST_TEST(big.success() == 413);
    const auto unknown = host.json("/Device/Nothing", "{}");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(!unknown.json()->getValue<std::string>("Message").empty());
    const auto notForm = host.call("/Record/UploadIdentifyRecord", "{}", "application/json");
    BOOST_TEST(notForm.success() == 415);
    // Case-insensitive paths and the document's aliases reach the same handler.
    BOOST_TEST(host.json("/device/KEEPALIVE/", R"({"SN":"FC-ERR00001"})").success() == 401);
}
