// Seed 000 end to end: New AttLog and Sync AttLog stored once each, the
// document's own body style accepted, unknown tokens refused without a
// trace, an SN tied to the bridge that introduced it, bad bodies answered
// in the protocol's error shape.
#include "AttlogSite.h"

#include <Poco/JSON/Parser.h>

#include <thread>

using namespace passway::test;

namespace {

std::vector<Poco::JSON::Object::Ptr> batch(int first, int count) {
    std::vector<Poco::JSON::Object::Ptr> records;
    for (int i = first; i < first + count; ++i) {
        char time[32];
        std::snprintf(time, sizeof time, "2024-05-01 08:%02d:%02d", i / 60, i % 60);
        records.push_back(asim::SimBridge::record(std::to_string(100 + i), time, i % 2, "1"));
    }
    return records;
}

}  // namespace

BOOST_AUTO_TEST_CASE(new_and_sync_logs_are_stored_once_and_mapped) {
    AttlogSite site;
    auto bridge = site.bridge();
    site.introduce(*bridge, "ZK-REC-1");
    const auto id = site.deviceId("ZK-REC-1");
    BOOST_CHECK_EQUAL(site.device("ZK-REC-1")->getValue<std::string>("protocol"), "attlog");

    const auto one = asim::SimBridge::record("7", "2017-08-01 13:40:38", 0, "15", "42");
    const auto first = bridge->newLog("ZK-REC-1", one);
    BOOST_REQUIRE_MESSAGE(first.ok(), first.text);
    BOOST_CHECK_EQUAL(first.body->getValue<std::string>("SN"), "ZK-REC-1");
    // Acknowledged means durable: the record is there when the answer is.
    BOOST_REQUIRE_EQUAL(site.records(id)->size(), 1u);
    // The bridge did not get the answer and sends it again: nothing new.
    BOOST_REQUIRE(bridge->newLog("ZK-REC-1", one).ok());
    BOOST_REQUIRE_EQUAL(site.records(id)->size(), 1u);
    const auto r = site.records(id)->getObject(0);
    BOOST_CHECK_EQUAL(r->getValue<std::uint32_t>("userId"), 7u);
    BOOST_CHECK_EQUAL(r->getValue<std::int64_t>("deviceTime"), 1501566038000LL);  // UTC+8 local time
    BOOST_CHECK_EQUAL(r->getValue<std::string>("direction"), "in");
    BOOST_CHECK_EQUAL(r->getValue<std::string>("verifyType"), "face");
    const auto raw =
        site.api("GET", "/records/" + std::to_string(r->getValue<std::int64_t>("id"))).json()->getObject("raw");
    BOOST_REQUIRE(raw);
    BOOST_CHECK_EQUAL(raw->getValue<std::string>("WORKCODE"), "42");
    BOOST_CHECK_EQUAL(raw->getValue<std::string>("RESERVED1"), "0");

    // Sync AttLog: a batch that repeats the record above and brings 30 new ones.
    auto records = batch(0, 30);
    records.push_back(one);
    const auto sync = bridge->syncLogs("ZK-REC-1", records);
    BOOST_REQUIRE_MESSAGE(sync.ok(), sync.text);
    BOOST_CHECK_EQUAL(site.records(id)->size(), 31u);
    // The same batch again stores nothing new.
    BOOST_REQUIRE(bridge->syncLogs("ZK-REC-1", records).ok());
    BOOST_CHECK_EQUAL(site.records(id)->size(), 31u);
    // A different STATUS at the same time is another record.
    BOOST_REQUIRE(bridge->newLog("ZK-REC-1", asim::SimBridge::record("7", "2017-08-01 13:40:38", 1, "15")).ok());
    BOOST_CHECK_EQUAL(site.records(id)->size(), 32u);
    BOOST_CHECK(site.device("ZK-REC-1")->getValue<bool>("online"));
}

BOOST_AUTO_TEST_CASE(a_batch_with_a_record_it_cannot_take_is_refused_whole) {
    AttlogSite site;
    auto bridge = site.bridge();
    site.introduce(*bridge, "ZK-BAD-1");
    auto records = batch(0, 3);
    records.push_back(asim::SimBridge::record("8", "2017-08-01", 0));
    const auto refused = bridge->syncLogs("ZK-BAD-1", records);
    BOOST_CHECK_EQUAL(refused.status, 400);
    BOOST_CHECK_EQUAL(refused.state(), "ERROR");
    BOOST_CHECK_EQUAL(refused.body->getValue<std::string>("SN"), "ZK-BAD-1");
    BOOST_CHECK_MESSAGE(refused.message().find("records[3]") != std::string::npos, refused.message());
    BOOST_CHECK_MESSAGE(refused.message().find("TIME") != std::string::npos, refused.message());
    BOOST_CHECK_EQUAL(site.records(site.deviceId("ZK-BAD-1"))->size(), 0u);

    // Members of the wrong type.
    BOOST_CHECK_EQUAL(bridge->post("/attlog/new", R"({"token":"gh_2837e31e28ed","SN":"ZK-BAD-1","record":"1"})").status,
                      400);
    BOOST_CHECK_EQUAL(
        bridge->post("/attlog/sync", R"({"token":"gh_2837e31e28ed","SN":"ZK-BAD-1","records":[1,2]})").status, 400);
    BOOST_CHECK_EQUAL(
        bridge->post("/attlog/errorlog", R"({"token":"gh_2837e31e28ed","SN":"ZK-BAD-1","log_data":[]})").status, 400);
    BOOST_CHECK_EQUAL(
        bridge->post("/attlog/new", R"({"token":"gh_2837e31e28ed","SN":"bad sn with spaces","record":{}})").status,
        400);
    BOOST_CHECK_EQUAL(site.records(site.deviceId("ZK-BAD-1"))->size(), 0u);

    // Malformed, wrong method, unknown path, too large: all in the error shape.
    const auto malformed = bridge->post("/attlog/new", "{\"token\": \"gh_2837e31e28ed\", \"SN\": ");
    BOOST_CHECK_EQUAL(malformed.status, 400);
    BOOST_CHECK_EQUAL(malformed.state(), "ERROR");
    BOOST_CHECK(malformed.message().find("malformed JSON") != std::string::npos);
    const auto get = httpRequest(site.devicePort, "GET", "/attlog/new");
    BOOST_CHECK_EQUAL(get.status, 405);
    BOOST_CHECK_EQUAL(get.json()->getValue<std::string>("state"), "ERROR");
    const auto unknown = bridge->post("/attlog/nothing", "{}");
    BOOST_CHECK_EQUAL(unknown.status, 404);
    BOOST_CHECK_EQUAL(unknown.state(), "ERROR");
    const auto large = bridge->post("/attlog/sync", std::string(5u << 20, ' '));
    BOOST_CHECK_EQUAL(large.status, 413);
    BOOST_CHECK_EQUAL(large.state(), "ERROR");
    // The host is fine and the device still works.
    BOOST_CHECK(bridge->newLog("ZK-BAD-1", asim::SimBridge::record("8", "2017-08-01 10:00:00", 0)).ok());
}

BOOST_AUTO_TEST_CASE(a_new_sn_waits_for_activation_unless_the_site_auto_activates) {
    {
        AttlogSite site;
        auto bridge = site.bridge();
        const auto refused = bridge->newLog("ZK-NEW-1", asim::SimBridge::record("1", "2024-05-01 08:00:00"));
        BOOST_CHECK_EQUAL(refused.status, 403);
        BOOST_CHECK_EQUAL(refused.state(), "ERROR");
        BOOST_CHECK(refused.message().find("activation") != std::string::npos);
        const auto device = site.device("ZK-NEW-1");
        BOOST_REQUIRE(device);
        BOOST_CHECK_EQUAL(device->getValue<std::string>("state"), "pending");
        BOOST_CHECK_EQUAL(device->getValue<std::string>("protocol"), "attlog");
        BOOST_CHECK_EQUAL(site.records(device->getValue<std::int64_t>("id"))->size(), 0u);
    }
    AttlogSite site({"--set", "devices.auto_activate=true"});
    auto bridge = site.bridge();
    BOOST_CHECK(bridge->newLog("ZK-NEW-2", asim::SimBridge::record("1", "2024-05-01 08:00:00")).ok());
    BOOST_CHECK_EQUAL(site.device("ZK-NEW-2")->getValue<std::string>("state"), "active");
}

BOOST_AUTO_TEST_CASE(bridges_posting_at_once_each_get_their_records_stored_once) {
    AttlogSite site({"--set", "devices.auto_activate=true"});
    constexpr int kBridges = 4, kBatches = 4, kPerBatch = 50;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int b = 0; b < kBridges; ++b) {
        threads.emplace_back([&, b] {
            auto bridge = site.bridge(b % 2 ? AttlogSite::kSouthToken : AttlogSite::kNorthToken);
            const std::string serial = "ZK-MANY-" + std::to_string(b);
            for (int n = 0; n < kBatches; ++n) {
                // Every batch overlaps the previous one by half: the repeats store nothing.
                if (!bridge->syncLogs(serial, batch(n * kPerBatch / 2, kPerBatch)).ok()) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_CHECK_EQUAL(failures.load(), 0);
    for (int b = 0; b < kBridges; ++b) {
        BOOST_CHECK_EQUAL(site.records(site.deviceId("ZK-MANY-" + std::to_string(b)))->size(),
                          static_cast<std::size_t>((kBatches + 1) * kPerBatch / 2));
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_token_is_refused_and_creates_nothing) {
    AttlogSite site;
    auto stranger = site.bridge("stolen-or-typo-token-99");
    const auto log = stranger->newLog("ZK-STRANGER", asim::SimBridge::record("1", "2017-08-01 13:40:38"));
    BOOST_CHECK_EQUAL(log.status, 401);
    BOOST_CHECK_EQUAL(log.state(), "ERROR");
    BOOST_CHECK_EQUAL(log.body->getValue<std::string>("SN"), "ZK-STRANGER");
    BOOST_CHECK_EQUAL(stranger->pollUsers("ZK-STRANGER").reply.status, 401);
    BOOST_CHECK_EQUAL(stranger->pollCommands("ZK-STRANGER").status, 401);
    BOOST_CHECK_EQUAL(stranger->syncLogs("ZK-STRANGER", batch(0, 2)).status, 401);
    BOOST_CHECK_EQUAL(stranger->errorLog("ZK-STRANGER", "x ;return -1").status, 401);
    BOOST_CHECK(!site.device("ZK-STRANGER"));
    BOOST_CHECK_EQUAL(site.api("GET", "/devices").json()->getArray("items")->size(), 0u);
    // The log says why without the token itself; the settings mask the configured ones.
    BOOST_CHECK(eventually([&] { return site.log().find("unknown token") != std::string::npos; }));
    BOOST_CHECK(site.log().find("stolen-or-typo-token-99") == std::string::npos);
    BOOST_CHECK(site.log().find(AttlogSite::kNorthToken) == std::string::npos);
    const auto settings = site.api("GET", "/settings");
    BOOST_REQUIRE_EQUAL(settings.status, 200);
    BOOST_CHECK(settings.body.find("plugin.attlog.token.north") != std::string::npos);
    BOOST_CHECK(settings.body.find(AttlogSite::kNorthToken) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_documents_own_body_style_is_accepted_and_answered_in_strict_json) {
    AttlogSite site;
    auto bridge = site.bridge();
    site.introduce(*bridge, "XXXXXXXXXXXXXXX");
    // The New AttLog request as the document writes it, plus single quotes and a trailing comma.
    const std::string documentStyle = R"(
	{
		"token": "gh_2837e31e28ed",
		"SN"   : "XXXXXXXXXXXXXXX",      #设备SN 号
		'record': {
			'PIN': '1',
			"TIME": "2017-08-01 13:40:38",
			"STATUS": 255, 
			"VERIFY": "2", 
			"WORKCODE": "0", 
			"RESERVED1": "0",
 			"RESERVED2": "0",
 		}
 	})";
    const auto reply = bridge->post("/attlog/new", documentStyle);
    BOOST_REQUIRE_MESSAGE(reply.ok(), reply.text);
    // Exact in what it sends: strict JSON.
    const auto strict = Poco::JSON::Parser().parse(reply.text).extract<Poco::JSON::Object::Ptr>();
    BOOST_CHECK_EQUAL(strict->getValue<std::string>("state"), "OK");
    const auto records = site.records(site.deviceId("XXXXXXXXXXXXXXX"));
    BOOST_REQUIRE_EQUAL(records->size(), 1u);
    BOOST_CHECK_EQUAL(records->getObject(0)->getValue<std::string>("verifyType"), "card");
    BOOST_CHECK_EQUAL(records->getObject(0)->getValue<std::string>("direction"), "");
    // Update User Infor as the document writes it: no comma between the members.
    const auto users =
        bridge->post("/attlog/users", "{\n\"token\": \"gh_2837e31e28ed\"\n\"SN\"   : \"XXXXXXXXXXXXXXX\"\n}");
    BOOST_REQUIRE_MESSAGE(users.ok(), users.text);
    BOOST_CHECK_NO_THROW(Poco::JSON::Parser().parse(users.text));
}

BOOST_AUTO_TEST_CASE(an_sn_is_tied_to_the_bridge_that_introduced_it) {
    TempDir scripts("attlog-alarm-scripts");
    std::filesystem::create_directories(scripts.path());
    TempDir exports("attlog-alarm-export");
    std::ofstream(scripts.file("alarm_file.lua")) << R"(
passway.journal.start("oldest")
passway.on("device.alarm", function(p) passway.files.write("alarm.json", passway.json.encode(p)) end)
)";
    AttlogSite site(
        {"--set", "scripts.dir=" + scripts.path().string(), "--set", "scripts.export_dir=" + exports.path().string()});
    auto north = site.bridge();
    auto south = site.bridge(AttlogSite::kSouthToken);
    site.introduce(*north, "ZK-NORTH-1");
    site.introduce(*south, "ZK-SOUTH-1");
    // One token serves several SNs; each bridge its own.
    BOOST_CHECK(north->newLog("ZK-NORTH-1", asim::SimBridge::record("1", "2024-05-01 08:00:00")).ok());
    BOOST_CHECK(south->newLog("ZK-SOUTH-1", asim::SimBridge::record("1", "2024-05-01 08:00:00")).ok());
    // The south bridge speaks for the north bridge's SN: refused, alarmed, nothing stored.
    const auto moved = south->newLog("ZK-NORTH-1", asim::SimBridge::record("2", "2024-05-01 09:00:00"));
    BOOST_CHECK_EQUAL(moved.status, 403);
    BOOST_CHECK_EQUAL(moved.state(), "ERROR");
    BOOST_CHECK_EQUAL(site.records(site.deviceId("ZK-NORTH-1"))->size(), 1u);
    const auto alarmFile = exports.file("alarm.json");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return std::filesystem::exists(alarmFile); }, 20s),
                          "no device.alarm reached the script:\n" + site.log());
    std::ifstream in(alarmFile);
    const std::string alarm((std::istreambuf_iterator<char>(in)), {});
    BOOST_CHECK_MESSAGE(alarm.find("\"token\"") != std::string::npos, alarm);
    BOOST_CHECK_MESSAGE(alarm.find("ZK-NORTH-1") != std::string::npos, alarm);
    // The rightful bridge goes on.
    BOOST_CHECK(north->newLog("ZK-NORTH-1", asim::SimBridge::record("3", "2024-05-01 10:00:00")).ok());
}

BOOST_AUTO_TEST_CASE(bridges_post_over_https) {
    TempDir tls("attlog-tls");
    std::filesystem::create_directories(tls.path());
    const std::string key = tls.file("server.key"), cert = tls.file("server.pem");
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
                             " -out " + cert + " >/dev/null 2>&1";
    BOOST_REQUIRE_MESSAGE(std::system(make.c_str()) == 0, "openssl could not make a test certificate");
    AttlogSite site({"--set", "plugin.attlog.tls.enabled=true", "--set", "plugin.attlog.tls.certificate=" + cert,
                     "--set", "plugin.attlog.tls.private_key=" + key});
    auto bridge = site.bridge(AttlogSite::kNorthToken, [](asim::BridgeOptions& o) { o.tls = true; });
    site.introduce(*bridge, "ZK-TLS-1");
    BOOST_CHECK(bridge->newLog("ZK-TLS-1", asim::SimBridge::record("5", "2024-05-01 08:00:00")).ok());
    BOOST_CHECK_EQUAL(site.records(site.deviceId("ZK-TLS-1"))->size(), 1u);
}
