#include <boost/test/unit_test.hpp>

// The sync ledger against seed-001 terminals (issue 14): -3 (数据库异常)
// passes and the person goes out again after the back-off; a terminal built
// from the document alone answers the remove_person extension with -1 and
// is marked once, not asked forever; a blacklisted person is not pushed to
// a device whose role mapping has no blacklist code.

#include "TcpjsonSite.h"

using namespace passway::test;

namespace {

std::string entryText(const Poco::JSON::Object::Ptr& e) {
    if (!e) return "no entry";
    std::ostringstream out;
    e->stringify(out);
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_database_error_passes_and_the_person_goes_out_again_after_the_back_off) {
    TcpjsonSite site({"--set", "sync.retry_initial_s=1", "--set", "sync.retry_max_s=2"});
    auto sim = site.terminal("sync-db-error", true, [](tsim::SimOptions& o) {
        o.errorCodes["download_person"] = -3;
        o.errorTimes["download_person"] = 1;  // the terminal's database is back after one refusal
    });
    const auto id = site.deviceId("sync-db-error");
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":31,"name":"Wang Wu"})").status, 201);
    BOOST_TEST(sim->waitFor([&] { return sim->persons().count("31") == 1; }, 20s), entryText(site.syncEntry(id, 31)));
    BOOST_TEST(sim->count("download_person") >= 2u);
    BOOST_TEST(eventually([&] {
        const auto e = site.syncEntry(id, 31);
        return e && !e->getValue<bool>("pending") && e->getValue<std::string>("failure").empty();
    }), entryText(site.syncEntry(id, 31)));
}

BOOST_AUTO_TEST_CASE(a_document_only_terminal_is_marked_no_remote_removal_once) {
    TcpjsonSite site;
    auto sim = site.terminal("sync-doc-only", true, [](tsim::SimOptions& o) { o.documentOnly = true; });
    const auto id = site.deviceId("sync-doc-only");
    for (int user : {41, 42}) {
        BOOST_REQUIRE_EQUAL(
            site.api("POST", "/persons", R"({"userId":)" + std::to_string(user) + R"(,"name":"P"})").status, 201);
    }
    BOOST_REQUIRE(sim->waitFor([&] { return sim->persons().size() == 2u; }));
    BOOST_REQUIRE(eventually([&] {
        const auto a = site.syncEntry(id, 41);
        const auto b = site.syncEntry(id, 42);
        return a && b && !a->getValue<bool>("pending") && !b->getValue<bool>("pending");
    }));

    BOOST_REQUIRE_EQUAL(site.api("DELETE", "/persons/41").status, 204);
    BOOST_REQUIRE_MESSAGE(eventually([&] {
        const auto e = site.syncEntry(id, 41);
        return e && e->getValue<std::string>("lastError") == "removal unsupported";
    }), entryText(site.syncEntry(id, 41)) + "\n" + site.log());
    const auto entry = site.syncEntry(id, 41);
    BOOST_TEST(entry->getValue<std::string>("failure") == "permanent");
    BOOST_TEST(entry->getValue<int>("lastErrorCode") == -1);
    BOOST_TEST(entry->getValue<bool>("removal"));
    BOOST_TEST(site.device("sync-doc-only")->getObject("reported")->getValue<bool>("removalUnsupported"));
    BOOST_TEST(sim->count("remove_person") == 1u);

    // The second removal is not even asked: the device is known not to do it.
    BOOST_REQUIRE_EQUAL(site.api("DELETE", "/persons/42").status, 204);
    BOOST_REQUIRE(eventually([&] {
        const auto e = site.syncEntry(id, 42);
        return e && e->getValue<std::string>("lastError") == "removal unsupported";
    }));
    BOOST_TEST(sim->count("remove_person") == 1u);
    // One alarm for the device, not one per person.
    std::size_t marks = 0;
    const std::string log = site.log();
    for (auto at = log.find("does not know remove_person"); at != std::string::npos;
         at = log.find("does not know remove_person", at + 1)) {
        ++marks;
    }
    BOOST_TEST(marks == 1u);
}

BOOST_AUTO_TEST_CASE(a_blacklisted_person_is_a_sync_error_on_a_device_without_a_blacklist_code) {
    TcpjsonSite site;
    auto sim = site.terminal("sync-no-blacklist");
    const auto id = site.deviceId("sync-no-blacklist");
    // This device's terminals number roles otherwise and have no blacklist.
    const auto mapped = site.api("PUT", "/devices/" + std::to_string(id) + "/parameters",
                                 R"({"mapping":{"role":{"normal":0,"admin":9,"blacklist":null}}})");
    BOOST_REQUIRE_MESSAGE(mapped.status == 200, mapped.body);
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":51,"name":"Banned","role":"blacklist"})").status, 201);
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":52,"name":"Boss","role":"admin"})").status, 201);

    BOOST_REQUIRE(sim->waitFor([&] { return sim->persons().count("52") == 1; }));
    BOOST_TEST(sim->persons().at("52")->getValue<int>("role") == 9);  // the device's own code
    BOOST_REQUIRE_MESSAGE(eventually([&] {
        const auto e = site.syncEntry(id, 51);
        return e && e->getValue<std::string>("failure") == "permanent";
    }), entryText(site.syncEntry(id, 51)));
    BOOST_TEST(site.syncEntry(id, 51)->getValue<std::string>("lastError").find("blacklist") != std::string::npos);
    BOOST_TEST(sim->persons().count("51") == 0u);
    // The mapping is the plugin's: it never reaches the terminal.
    BOOST_TEST(!sim->lastRequest("set_device_info"));
}
