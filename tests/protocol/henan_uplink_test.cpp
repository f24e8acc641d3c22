// The uplink: Passway as a seed-003 terminal towards a supervision platform
// (the platform simulator). Records of an HTTPv2 terminal reach the
// platform, also those made while the platform was down and passwayd was
// restarted meanwhile: every record once, in order. The platform's
// downloadUser lands in Passway's persons; lag and the last error show on
// the uplink's device entry.
#include "HenanSite.h"

#include "sim/httpv2/Terminal.h"

using namespace passway::test;

namespace {

namespace h2 = passway::sim::httpv2;

constexpr const char* kPlatformApp = "platform-app";
constexpr const char* kPlatformSecret = "platform-secret-9";
constexpr const char* kSiteSn = "PASSWAY-SITE-1";

h2::RecordSpec punch(std::uint64_t recordId, const std::string& userId, std::int64_t at) {
    h2::RecordSpec r;
    r.recordId = recordId;
    r.recordType = 3;
    r.recordDate = at;
    r.userId = userId;
    r.name = "user " + userId;
    r.bodyTemp = 365;
    return r;
}

Poco::JSON::Object::Ptr uplinkStatus(const HenanSite& site) {
    const auto device = site.device("uplink-city");
    if (!device) return nullptr;
    const auto reported = device->getObject("reported");
    return reported ? reported->getObject("uplink") : nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(records_of_an_httpv2_terminal_reach_the_platform_once_across_an_outage_and_a_restart) {
    hsim::SimPlatform platform(kPlatformApp, kPlatformSecret);
    const std::uint16_t httpv2Port = freePort();
    const std::vector<std::string> args{
        "--set", "plugins.enabled=henan,httpv2",
        "--set", "plugin.httpv2.port=" + std::to_string(httpv2Port),
        "--set", "devices.auto_activate=true",
        "--set", "plugin.henan.uplink.city.url=" + platform.url(),
        "--set", std::string("plugin.henan.uplink.city.appid=") + kPlatformApp,
        "--set", std::string("plugin.henan.uplink.city.secret=") + kPlatformSecret,
        "--set", std::string("plugin.henan.uplink.city.sn=") + kSiteSn,
        "--set", "plugin.henan.uplink.city.heartbeat_s=1",
        "--set", "plugin.henan.uplink.city.retry_s=1",
        // The site takes the platform's persons as they come (the default, review, holds new ones).
        "--set", "plugin.henan.person_intake=accept"};
    HenanSite site(args);

    h2::TerminalOptions options;
    options.sn = "FC-UPLINK-0001";
    options.host = "127.0.0.1";
    options.port = httpv2Port;
    options.timeout = std::chrono::seconds(10);
    h2::Terminal terminal(options);
    BOOST_REQUIRE_MESSAGE(terminal.runUntil([&] { return terminal.lastReport().keepaliveSuccess == 1; }, 15s),
                          "the httpv2 terminal is not accepted:\n" + site.log());
    BOOST_REQUIRE_MESSAGE(eventually([&] { return platform.heartbeats() > 0; }, 15s),
                          "the uplink does not call the platform:\n" + site.log());

    const std::int64_t base = 1772409600;  // 2026-03-02 00:00:00 UTC
    auto upload = [&](std::uint64_t from, std::uint64_t to) {
        for (std::uint64_t i = from; i <= to; ++i) terminal.addRecord(punch(i, std::to_string(100 + i), base + 60 * i));
        BOOST_REQUIRE(terminal.runUntil([&] { return terminal.lastReport().recordsUploaded > 0; }, 15s));
    };

    upload(1, 3);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return platform.punches().size() == 3; }, 15s),
                          std::to_string(platform.punches().size()) + " punches reached the platform:\n" + site.log());

    // The platform goes down; records keep coming, passwayd restarts meanwhile.
    platform.stop();
    upload(4, 6);
    BOOST_REQUIRE_MESSAGE(eventually([&] {
                              const auto s = uplinkStatus(site);
                              return s && s->getValue<bool>("failing") && !s->getValue<std::string>("lastError").empty();
                          }, 15s),
                          "the uplink's device entry does not show the outage:\n" + site.log());
    site.process->kill(SIGTERM);
    BOOST_REQUIRE(site.process->waitExit(20s).has_value());
    site.launch(HenanSite::withDefaults(args));
    upload(7, 8);
    platform.start();

    BOOST_REQUIRE_MESSAGE(eventually([&] { return platform.punches().size() >= 8; }, 30s),
                          std::to_string(platform.punches().size()) + " of 8 punches reached the platform:\n" + site.log());
    const auto punches = platform.punches();
    BOOST_TEST(punches.size() == 8u);
    BOOST_TEST(platform.duplicates() == 0u);
    BOOST_TEST(platform.refusedSigns() == 0u);
    for (std::size_t i = 0; i < punches.size(); ++i) {
        BOOST_TEST(punches[i].sn == kSiteSn);
        BOOST_TEST(punches[i].userCode == std::to_string(101 + i));  // in order
        BOOST_TEST(punches[i].type == "face");
        BOOST_TEST(punches[i].temperature == "36.5");
    }
    BOOST_TEST(eventually([&] {
        const auto s = uplinkStatus(site);
        return s && !s->getValue<bool>("failing") && s->getValue<std::int64_t>("lastUploadedRecordId") > 0;
    }));
    BOOST_TEST(site.log().find(kPlatformSecret) == std::string::npos);

    // The platform's downloadUser: the person lands in Passway's store.
    hsim::PlatformCommand download;
    download.cmd = "downloadUser";
    download.persons.push_back({"601", "王五", generatedJpeg("platform-601")});
    const std::string code = platform.queue(kSiteSn, download);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return platform.callbacks().count(code) > 0; }, 15s),
                          "no callback for downloadUser:\n" + site.log());
    BOOST_TEST(platform.callbacks().at(code).find("\"success\":1") != std::string::npos);
    const auto person = site.api("GET", "/persons/601");
    BOOST_REQUIRE_MESSAGE(person.status == 200, person.body);
    BOOST_TEST(person.json()->getValue<std::string>("name") == "王五");
}
