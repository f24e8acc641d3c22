// The zjchilink plugin against a simulated app over 127.0.0.1 (seed 004):
// SMS registration through the site's SMS gateway, login, spaces, a lock,
// authorizations with their two levels of delegation, a key that becomes a
// credential of the canonical person, a temporary password, an open event
// that becomes a record, and a batch patch answered per sub-request. Every
// status the app saw is one of the document's codes.

#include <boost/test/unit_test.hpp>

#include "ZjchilinkSite.h"
#include "sim/httpv2/Terminal.h"
#include "wire/StatusCodes.h"

using namespace passway::test;

namespace {

const char* kPassword = "lock-app-pass-1";

bool hasCredential(const Poco::JSON::Object::Ptr& person, const std::string& kind, const std::string& value) {
    const auto list = person ? person->getArray("credentials") : nullptr;
    for (unsigned i = 0; list && i < list->size(); ++i) {
        const auto c = list->getObject(i);
        if (c->getValue<std::string>("kind") == kind && c->optValue<std::string>("value", "") == value) return true;
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_app_registers_shares_a_lock_and_its_keys_join_the_canonical_persons) {
    // The httpv2 plugin beside it: a face terminal of the same access group.
    const std::uint16_t httpv2Port = freePort();
    ZjchilinkSite site({"--set", "plugins.enabled=zjchilink,httpv2", "--set", "plugin.httpv2.port=" + std::to_string(httpv2Port)});
    auto alice = site.app(), bob = site.app(), carol = site.app(), dave = site.app();

    // 1. Accounts: the code goes out through the SMS gateway, once per interval.
    BOOST_REQUIRE(alice.requestCode("13800000001").status == 200001);
    BOOST_TEST(alice.requestCode("13800000001").status == 400003);  // rate-limited
    BOOST_TEST(alice.requestCode("not-a-phone").status == 400002);
    const std::string code = site.smsCodeFor("13800000001");
    BOOST_TEST(alice.registerUser("13800000001", kPassword, code == "000000" ? "111111" : "000000").status == 400009);
    const auto registered = alice.registerUser("13800000001", kPassword, code);
    BOOST_REQUIRE_MESSAGE(registered.status == 200002, registered.body);
    BOOST_TEST(registered.http == 201);
    BOOST_TEST(registered.body.find(kPassword) == std::string::npos);  // never echoed
    BOOST_TEST(alice.requestCode("13800000001").status == 400001);      // exists now
    BOOST_TEST(alice.login("13800000001", "wrong-password").status == 400012);
    BOOST_TEST(alice.login("13899999999", kPassword).status == 400010);
    BOOST_TEST(alice.get("/api/accounts/user_get_profile/").status == 401014);  // no token yet
    BOOST_REQUIRE(alice.login("13800000001", kPassword).status == 200003);
    const auto profile = alice.get("/api/accounts/user_get_profile/");
    BOOST_REQUIRE(profile.status == 200004);
    BOOST_TEST(profile.msgObject()->getValue<std::string>("username") == "13800000001");
    const std::int64_t aliceId = profile.msgObject()->getValue<std::int64_t>("id");
    // App users are not admin users.
    BOOST_TEST(login(site.httpPort, "13800000001", kPassword).empty());
    site.registerAndLogin(bob, "13800000002", kPassword);
    site.registerAndLogin(carol, "13800000003", kPassword);
    site.registerAndLogin(dave, "13800000004", kPassword);
    const auto bobId = site.accountId(bob), carolId = site.accountId(carol), daveId = site.accountId(dave);

    // 2. Spaces: unit > floor > room.
    const auto unit = alice.post("/api/iot/space/", R"({"data":{"type":"unit","title":"Block A"}})");
    BOOST_REQUIRE_MESSAGE(unit.status == 200023, unit.body);
    const auto unitId = unit.data()->getValue<std::int64_t>("id");
    const auto floor = alice.post("/api/iot/space/", R"({"data":{"type":"floor","superior_id":)" + std::to_string(unitId) +
                                                         R"(,"title":"1F"}})");
    BOOST_REQUIRE_MESSAGE(floor.status == 200023, floor.body);
    BOOST_TEST(alice.post("/api/iot/space/", R"({"data":{"type":"room","title":"Hall"}})").status == 400003);
    BOOST_TEST(alice.post("/api/iot/space/", R"({"data":{"type":"unit","title":"Block A"}})").status == 400080);
    BOOST_TEST(alice.post("/api/iot/space/", R"({"data":{"type":"unit","title":"X","is_default":true}})").status == 400082);

    // 3. A lock: an app device, and a Passway device of protocol zjchilink.
    const auto lockId = site.addLock(alice, "LOCK-A1");
    BOOST_TEST(alice.post("/api/iot/iot_manage_view/", R"({"data":{"category":"lock","uuid":"LOCK-A1"}})").status == 400064);
    const auto hostLock = site.device("LOCK-A1");
    BOOST_REQUIRE_MESSAGE(hostLock, "the lock is not in Passway's device list:\n" + site.log());
    BOOST_TEST(hostLock->getValue<std::string>("protocol") == "zjchilink");
    BOOST_TEST(alice.get("/api/iot/iot_manage_view/?category=lock").status == 200016);
    BOOST_TEST(bob.get("/api/iot/iot_manage_view/" + std::to_string(lockId) + "/").status == 400042);

    // 4. Authorizations: level 2 for bob; a third level of delegation is refused.
    const auto grant = [&](passway::sim::zjchilink::ZjApp& by, std::int64_t to, int perm) {
        return by.post("/api/iot/authorization/", R"({"data":{"info_id":)" + std::to_string(lockId) +
                                                      R"(,"authorized_id":)" + std::to_string(to) +
                                                      R"(,"perm":)" + std::to_string(perm) + "}}");
    };
    const auto toBob = grant(alice, bobId, 2);
    BOOST_REQUIRE_MESSAGE(toBob.status == 200018, toBob.body);
    BOOST_TEST(toBob.data()->getValue<std::string>("perm") == "2");
    BOOST_TEST(bob.get("/api/iot/iot_manage_view/" + std::to_string(lockId) + "/").status == 200012);
    BOOST_TEST(grant(bob, carolId, 2).status == 400042);  // level 2 cannot authorize
    BOOST_TEST(grant(alice, bobId, 2).status == 400088);
    BOOST_TEST(grant(alice, 9999, 2).status == 400084);
    BOOST_TEST(grant(alice, carolId, 9).status == 400003);
    BOOST_REQUIRE(grant(alice, carolId, 5).status == 200018);  // first level
    BOOST_REQUIRE(grant(carol, daveId, 5).status == 200018);   // second level
    const auto third = grant(dave, aliceId + 100, 2);
    BOOST_TEST(third.status == 400084);                        // nobody to authorize...
    const auto tooDeep = grant(dave, bobId, 2);
    BOOST_TEST(tooDeep.status == 400086, tooDeep.body);        // ...and a third level refused

    // 5. A key: a card credential of alice's canonical person, offered to the
    // httpv2 terminal that shares the lock's access group.
    BOOST_REQUIRE(eventually([&] { return listening(httpv2Port); }));
    const auto keepalive = httpRequest(httpv2Port, "POST", "/Device/Keepalive", R"({"SN":"FC-ZJ-DOOR1"})");
    BOOST_REQUIRE_MESSAGE(site.deviceId("FC-ZJ-DOOR1") != 0, keepalive.body + "\n" + site.log());
    for (const std::string serial : {"LOCK-A1", "FC-ZJ-DOOR1"}) {
        const auto grouped = site.api("PATCH", "/devices/" + std::to_string(site.deviceId(serial)), R"({"accessGroups":["door-a"]})");
        BOOST_REQUIRE_MESSAGE(grouped.status == 200, grouped.body);
    }
    const auto key = alice.post("/api/iot/keys/", R"({"data":{"info_id":)" + std::to_string(lockId) +
                                                      R"(,"key_type":1,"key_name":"blue card","key_number":"12345678"}})");
    BOOST_REQUIRE_MESSAGE(key.status == 200030, key.body + "\n" + site.log());
    const auto keyId = key.data()->getValue<std::int64_t>("id");
    const std::uint32_t alicePerson = ZjchilinkSite::kPersonBase + static_cast<std::uint32_t>(aliceId);
    const auto person = site.api("GET", "/persons/" + std::to_string(alicePerson));
    BOOST_REQUIRE_MESSAGE(person.status == 200, person.body + "\n" + site.log());
    BOOST_TEST(hasCredential(person.json(), "card", "12345678"), person.body);
    const auto door = site.deviceId("FC-ZJ-DOOR1");
    BOOST_TEST(eventually([&] { return site.syncEntry(door, alicePerson) != nullptr; }),
               "alice is not offered to the httpv2 terminal:\n" + site.api("GET", "/devices/" + std::to_string(door) + "/sync").body);
    // ...and the terminal itself, a simulated HTTPv2 face terminal, downloads
    // her with the card.
    passway::sim::httpv2::TerminalOptions doorOptions;
    doorOptions.sn = "FC-ZJ-DOOR1";
    doorOptions.host = "127.0.0.1";
    doorOptions.port = httpv2Port;
    doorOptions.timeout = std::chrono::seconds(10);
    passway::sim::httpv2::Terminal doorTerminal(doorOptions);
    BOOST_TEST(doorTerminal.runUntil([&] { return doorTerminal.model().cardOwner("12345678", 0) == alicePerson; },
                                     std::chrono::seconds(30)),
               "the httpv2 terminal does not hold alice's card:\n" +
                   site.api("GET", "/devices/" + std::to_string(door) + "/sync").body);
    BOOST_TEST(bob.post("/api/iot/keys/", R"({"data":{"info_id":)" + std::to_string(lockId) +
                                              R"(,"key_type":1,"key_number":"555"}})").status == 400042);

    // 6. A temporary password: a visitor person holding the password for its window.
    const auto temporary = alice.post(
        "/api/iot/temporary_passwords/",
        R"({"data":{"info_id":)" + std::to_string(lockId) +
            R"(,"phone":"16620039353","start_time":"2030-07-06 10:30","duration":60,"temporary_password":"234567"}})");
    BOOST_REQUIRE_MESSAGE(temporary.status == 200035, temporary.body);
    const auto visitor = site.api("GET", "/persons/" + std::to_string(ZjchilinkSite::kPersonBase + 2000000 +
                                                                       temporary.data()->getValue<std::uint32_t>("id")));
    BOOST_REQUIRE_MESSAGE(visitor.status == 200, visitor.body);
    BOOST_TEST(visitor.json()->getArray("credentials")->size() == 1u);

    // 7. An open event message: a canonical record of alice at the lock.
    const auto opened = alice.post("/api/iot/messages/", R"({"data":{"info_id":)" + std::to_string(lockId) +
                                                             R"(,"level":1,"message_type":"operation_info","flag":"card_unlock","key_id":)" +
                                                             std::to_string(keyId) + "}}");
    BOOST_REQUIRE_MESSAGE(opened.status == 200039, opened.body);
    const auto hostId = site.deviceId("LOCK-A1");
    BOOST_REQUIRE(eventually([&] { return site.records(hostId)->size() == 1; }));
    const auto record = site.records(hostId)->getObject(0);
    BOOST_TEST(record->getValue<std::uint32_t>("userId") == alicePerson);
    BOOST_TEST(record->getValue<std::string>("verifyType") == "card");

    // 8. Batch patch: each sub-request answered on its own.
    const auto batch = alice.post("/api/iot/patch/", R"({"data":[
        {"body":{"is_default":false,"title":"房间7","type":"unit"},"method":"POST","seq":"1","url":"http://127.0.0.1:8000/api/iot/space/"},
        {"body":{"is_default":false,"title":"杂物间3","type":"room"},"method":"POST","seq":"2","url":"http://127.0.0.1:8000/api/iot/space/"},
        {"method":"PATCH","seq":"3","url":"/api/iot/space/"},
        {"method":"GET","seq":"4","url":"ftp://x/api/iot/space/"}]})");
    BOOST_REQUIRE_MESSAGE(batch.status == 200201, batch.body);
    const auto items = batch.msg.extract<Poco::JSON::Array::Ptr>();
    BOOST_REQUIRE(items->size() == 4u);
    BOOST_TEST(items->getObject(0)->getValue<int>("status_sub") == 200023);
    BOOST_TEST(items->getObject(0)->getObject("data")->getValue<std::string>("title") == "房间7");
    BOOST_TEST(items->getObject(1)->getValue<int>("status_sub") == 400003);
    BOOST_TEST(items->getObject(1)->getValue<std::string>("err").find("superior_id") != std::string::npos);
    BOOST_TEST(items->getObject(2)->getValue<int>("status_sub") == 400089);
    BOOST_TEST(items->getObject(3)->getValue<int>("status_sub") == 400090);

    // 9. Refusals in the document's shape; every status seen is a code of the table.
    BOOST_TEST(alice.get("/api/iot/nothing/").status == 400091);
    BOOST_TEST(alice.call("PATCH", "/api/iot/space/").status == 400089);
    BOOST_TEST(alice.post("/api/iot/space/", "{not json").status == 400003);
    passway::sim::zjchilink::ZjApp stranger = site.app();
    stranger.token = "0123456789abcdef0123456789abcdef01234567";
    BOOST_TEST(stranger.get("/api/iot/space/").status == 400000);
    for (const auto* app : {&alice, &bob, &carol, &dave, &stranger}) {
        for (const int status : app->seenStatuses()) {
            BOOST_TEST(passway::zjchilink::isDocumentCode(status), status << " is not a code of the document");
        }
    }
}
