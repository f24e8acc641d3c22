// Seed 001 end to end: a terminal connects, the host asks get_device_info
// and registers it; persons made in the admin API are pushed with
// download_person (face as base64), edited, and removed.
#include "TcpjsonSite.h"

using namespace passway::test;

namespace {

// Bytes the admin API takes as a JPEG (generated: no real face is needed).
std::string facePhoto(const TempDir& dir) { return Faces::copy(dir, "person.jpg"); }

} // namespace

BOOST_AUTO_TEST_CASE(connect_registers_the_terminal_with_its_device_info) {
    TcpjsonSite site;
    auto sim = site.terminal("dev-info-1", false);
    const auto device = site.device("dev-info-1");
    BOOST_REQUIRE(device);
    BOOST_CHECK_EQUAL(device->getValue<std::string>("protocol"), "tcpjson");
    BOOST_CHECK_EQUAL(device->getValue<std::string>("state"), "pending");
    BOOST_CHECK(eventually([&] { return site.device("dev-info-1")->getValue<bool>("online"); }));
    const auto reported = site.device("dev-info-1")->getObject("reported");
    BOOST_REQUIRE(reported);
    BOOST_CHECK_EQUAL(reported->getValue<std::string>("device_ip"), "192.168.1.156");
    BOOST_CHECK_EQUAL(reported->getValue<int>("server_port"), site.devicePort);
    BOOST_CHECK_EQUAL(reported->getValue<std::string>("address"), "公司门口");
    BOOST_CHECK_EQUAL(reported->getValue<std::string>("community_code"), "1312312");
    BOOST_CHECK_EQUAL(reported->getValue<std::string>("software_version"), "V3.2.1");
    BOOST_CHECK_EQUAL(reported->getValue<std::string>("hardware_version"), "V5.8.9");
    BOOST_CHECK_EQUAL(site.device("dev-info-1")->getValue<std::string>("name"), "公司门口");
    // The answer said mod "set_device_info" (as the document's example): matched by session_id.
    BOOST_CHECK_GE(sim->count("get_device_info"), 1u);
    // Pending: nothing is pushed, records are refused until activation.
    const auto answer = sim->sendAccessInfo(TcpjsonSite::accessInfo("1", "20240501080000"));
    BOOST_REQUIRE(answer);
    BOOST_CHECK_EQUAL(answer->code, -1);
    BOOST_CHECK(answer->message.find("pending") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(persons_reach_connected_and_later_terminals_edits_and_deletes_too) {
    TcpjsonSite site;
    auto early = site.terminal("people-early");

    auto created = site.api("POST", "/persons",
                            R"({"userId":7,"name":"Li Lei","idCard":"110101","department":"R&D","role":"admin",
                                "credentials":[{"kind":"card","value":"1001"},{"kind":"password","value":"2468"}]})");
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    const std::string photo = facePhoto(site.dir);
    const auto uploaded = site.api("PUT", "/persons/7/photo", photo, "image/jpeg");
    BOOST_REQUIRE_MESSAGE(uploaded.status == 200, uploaded.body);

    BOOST_REQUIRE_MESSAGE(early->waitFor([&] {
        const auto p = early->persons();
        return p.count("7") && p.at("7")->getObject("face");
    }), "person 7 with face did not reach the connected terminal:\n" + site.log());
    auto info = early->persons().at("7");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("person_name"), "Li Lei");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("id_number"), "110101");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("card_number"), "1001");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("key_number"), "2468");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("department_number"), "R&D");
    BOOST_CHECK_EQUAL(info->getValue<int>("role"), 1);
    const auto face = info->getObject("face");
    BOOST_CHECK_EQUAL(face->getValue<std::size_t>("length"), photo.size());
    BOOST_CHECK_EQUAL(face->getValue<int>("format"), 2);
    BOOST_CHECK_GT(face->getValue<int>("width"), 0);
    BOOST_CHECK(!info->has("_faceLengthMismatch"));
    const auto earlyId = site.deviceId("people-early");
    BOOST_CHECK(eventually([&] {
        const auto e = site.syncEntry(earlyId, 7);
        return e && !e->getValue<bool>("pending");
    }));

    // A terminal that connects later gets the person too.
    auto late = site.terminal("people-late");
    BOOST_REQUIRE_MESSAGE(late->waitFor([&] { return late->persons().count("7") > 0; }),
                          "person 7 did not reach the terminal that connected later:\n" + site.log());

    // An edit arrives as update_person.
    const auto patched = site.api("PATCH", "/persons/7", R"j({"name":"Li Lei (R&D)"})j");
    BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
    BOOST_CHECK(early->waitFor([&] {
        return early->persons().at("7")->getValue<std::string>("person_name") == "Li Lei (R&D)";
    }));
    BOOST_CHECK_GE(early->count("update_person"), 1u);

    // A delete reaches both.
    const auto removed = site.api("DELETE", "/persons/7");
    BOOST_REQUIRE_EQUAL(removed.status, 204);
    BOOST_CHECK_MESSAGE(early->waitFor([&] { return early->persons().count("7") == 0; }), site.log());
    BOOST_CHECK(late->waitFor([&] { return late->persons().count("7") == 0; }));
    BOOST_CHECK(eventually([&] {
        const auto e = site.syncEntry(earlyId, 7);
        return e && !e->getValue<bool>("pending");
    }));
}

BOOST_AUTO_TEST_CASE(iris_images_and_codes_named_in_extra_go_out_as_base64) {
    TcpjsonSite site;
    auto sim = site.terminal("iris-1");
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x08\0\0\x02\xb2\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
    const std::string code = "IRIS-CODE-BYTES";
    const auto image = site.api("POST", "/files", png, "application/octet-stream");
    const auto codeFile = site.api("POST", "/files", code, "application/octet-stream");
    BOOST_REQUIRE_MESSAGE(image.status == 201 && codeFile.status == 201, image.body + codeFile.body);
    const std::string body = R"({"userId":31,"name":"Iris","extra":{"iris":{"left_image":")" +
                             image.json()->getValue<std::string>("sha256") + R"(","left_code":")" +
                             codeFile.json()->getValue<std::string>("sha256") + R"("}}})";
    const auto created = site.api("POST", "/persons", body);
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    BOOST_REQUIRE_MESSAGE(sim->waitFor([&] { return sim->persons().count("31") > 0; }), sim->error() + "\n" + site.log());
    const auto info = sim->persons().at("31");
    const auto left = info->getObject("left_image");
    BOOST_REQUIRE(left);
    BOOST_CHECK_EQUAL(left->getValue<int>("width"), 520);
    BOOST_CHECK_EQUAL(left->getValue<int>("height"), 690);
    BOOST_CHECK_EQUAL(left->getValue<int>("format"), 3);
    BOOST_CHECK_EQUAL(left->getValue<std::size_t>("length"), png.size());
    const auto leftCode = info->getObject("left_code");
    BOOST_REQUIRE(leftCode);
    BOOST_CHECK_EQUAL(leftCode->getValue<std::size_t>("length"), code.size());
    BOOST_CHECK_EQUAL(leftCode->getValue<std::string>("data"), "SVJJUy1DT0RFLUJZVEVT");
    BOOST_CHECK(!info->has("right_image"));
}

BOOST_AUTO_TEST_CASE(a_refused_person_keeps_the_terminal_code_in_the_ledger) {
    TcpjsonSite site;
    // -2 (设备异常) refuses for good; -3 passes (tcpjson_sync_test).
    auto sim = site.terminal("people-refuse", true, [](tsim::SimOptions& o) { o.errorCodes["download_person"] = -2; });
    const auto created = site.api("POST", "/persons", R"({"userId":8,"name":"Han Meimei"})");
    BOOST_REQUIRE_EQUAL(created.status, 201);
    const auto id = site.deviceId("people-refuse");
    BOOST_REQUIRE_MESSAGE(eventually([&] {
        const auto e = site.syncEntry(id, 8);
        return e && e->getValue<int>("lastErrorCode") == -2;
    }), site.log());
    BOOST_CHECK_EQUAL(site.syncEntry(id, 8)->getValue<std::string>("failure"), "permanent");
    BOOST_CHECK(site.syncEntry(id, 8)->getValue<bool>("pending"));
    // Not retried in a loop: it waits until the person changes.
    const std::size_t sends = sim->count("download_person");
    std::this_thread::sleep_for(1500ms);
    BOOST_CHECK_EQUAL(sim->count("download_person"), sends);
}
