#include <boost/test/unit_test.hpp>

// /api/v1/devices and /api/v1/commands: state changes and their events,
// parameters, commands, the sync ledger view.

#include "AdminFixture.h"

using namespace passway;
using namespace passway::test;

BOOST_FIXTURE_TEST_SUITE(devices, AdminFixture)

BOOST_AUTO_TEST_CASE(list_and_get_show_the_device_with_json_parameters) {
    Device device = addDevice("SN-001");
    device.reported = R"({"firmware":"1.2.3","volume":5,"RTSPPassword":"cam-secret","Network":{"WIFIAPPassword":"wifi-secret"}})";
    BOOST_REQUIRE(store->devices().update(device));
    store->devices().markSeen(device.id, 1700000000123, "10.0.0.8");
    addDevice("SN-002", "tcpjson");

    const auto list = admin("GET", "/api/v1/devices");
    BOOST_TEST(list.status == 200);
    BOOST_TEST(list.json()->getValue<int>("total") == 2);
    BOOST_TEST(list.items()->size() == 2u);
    BOOST_TEST(admin("GET", "/api/v1/devices?limit=1&offset=1").items()->size() == 1u);

    const auto one = admin("GET", "/api/v1/devices/" + std::to_string(device.id));
    BOOST_TEST(one.status == 200);
    const auto body = one.json();
    BOOST_TEST(body->getValue<std::string>("serial") == "SN-001");
    BOOST_TEST(body->getValue<std::string>("protocol") == "httpv2");
    BOOST_TEST(body->getValue<std::string>("state") == "pending");
    BOOST_TEST(body->getValue<std::string>("address") == "10.0.0.8");
    BOOST_TEST(body->getValue<std::int64_t>("lastSeen") == 1700000000123);
    BOOST_TEST(body->getObject("reported")->getValue<std::string>("firmware") == "1.2.3");
    // Passwords a terminal reports among its settings never leave the API.
    BOOST_TEST(one.body.find("cam-secret") == std::string::npos);
    BOOST_TEST(one.body.find("wifi-secret") == std::string::npos);
    BOOST_TEST(list.body.find("cam-secret") == std::string::npos);
    BOOST_TEST(body->getObject("reported")->getValue<std::string>("RTSPPassword") == "***");
    BOOST_TEST(body->getObject("desired")->size() == 0u);
    BOOST_TEST(admin("GET", "/api/v1/devices/9999").status == 404);
}

BOOST_AUTO_TEST_CASE(activate_and_disable_change_state_and_publish) {
    const Device device = addDevice("SN-100");
    const std::string path = "/api/v1/devices/" + std::to_string(device.id);
    const auto activated = admin("POST", path + "/activate");
    BOOST_TEST(activated.status == 200);
    BOOST_TEST(activated.json()->getValue<std::string>("state") == "active");
    BOOST_TEST((store->devices().find(device.id)->state == DeviceState::Active));
    BOOST_TEST(admin("POST", path + "/disable").json()->getValue<std::string>("state") == "disabled");

    const auto events = this->events.waitFor("device.state.changed", 2);
    BOOST_REQUIRE_EQUAL(events.size(), 2u);
    const auto first = parseObject(events[0].payload);
    BOOST_TEST(first->getValue<std::int64_t>("deviceId") == device.id);
    BOOST_TEST(first->getValue<std::string>("serial") == "SN-100");
    BOOST_TEST(first->getValue<std::string>("protocol") == "httpv2");
    BOOST_TEST(first->getValue<std::string>("state") == "active");
    BOOST_TEST(parseObject(events[1].payload)->getValue<std::string>("state") == "disabled");

    const auto audit = store->audit().list(AuditQuery{"", "device.activate", "", 0, 10});
    BOOST_REQUIRE_EQUAL(audit.items.size(), 1u);
    BOOST_TEST(audit.items[0].target == "device:" + std::to_string(device.id));
}

BOOST_AUTO_TEST_CASE(patch_changes_name_and_groups_only) {
    const Device device = addDevice("SN-200");
    const std::string path = "/api/v1/devices/" + std::to_string(device.id);
    const auto patched = admin("PATCH", path, R"({"name":"Main gate","accessGroups":["lobby","vip"]})");
    BOOST_TEST(patched.status == 200);
    BOOST_TEST(patched.json()->getValue<std::string>("name") == "Main gate");
    BOOST_TEST(store->devices().find(device.id)->accessGroups == (std::vector<std::string>{"lobby", "vip"}));
    const auto state = admin("PATCH", path, R"({"state":"active"})");
    BOOST_TEST(state.status == 400);
    BOOST_TEST(state.errorField() == "state");
    BOOST_TEST(admin("PATCH", path, R"({"accessGroups":[1]})").errorField() == "accessGroups[0]");
}

BOOST_AUTO_TEST_CASE(parameters_are_stored_as_desired_and_announced) {
    const Device device = addDevice("SN-300");
    const std::string path = "/api/v1/devices/" + std::to_string(device.id) + "/parameters";
    BOOST_TEST(admin("GET", path).body == "{}");
    const auto put = admin("PUT", path, R"({"volume":7,"language":"zh-CN","comm_password":"s3cret"})");
    BOOST_TEST(put.status == 200);
    BOOST_TEST(admin("GET", path).json()->getValue<int>("volume") == 7);
    BOOST_TEST(parseObject(store->devices().find(device.id)->desired)->getValue<std::string>("language") == "zh-CN");
    const auto events = this->events.waitFor("device.parameters.changed", 1);
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_TEST(parseObject(events[0].payload)->getValue<std::int64_t>("deviceId") == device.id);
    BOOST_TEST(admin("PUT", path, "[1]").status == 400);
    // A device password in the parameters stays out of the audit log.
    const auto audit = store->audit().list(AuditQuery{"", "device.parameters", "", 0, 10});
    BOOST_REQUIRE_EQUAL(audit.items.size(), 1u);
    BOOST_TEST(audit.items[0].detail.find("s3cret") == std::string::npos);
    BOOST_TEST(audit.items[0].detail.find("zh-CN") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(commands_are_queued_listed_and_announced) {
    const Device device = addDevice("SN-400");
    const std::string id = std::to_string(device.id);
    const auto queued = admin("POST", "/api/v1/devices/" + id + "/commands", R"({"kind":"open_door","args":{"door":1}})");
    BOOST_TEST(queued.status == 201);
    const auto command = queued.json();
    BOOST_TEST(command->getValue<std::string>("state") == "queued");
    BOOST_TEST(command->getValue<std::string>("createdBy") == "admin");
    BOOST_TEST(command->getObject("args")->getValue<int>("door") == 1);
    const auto commandId = command->getValue<std::int64_t>("id");

    const auto events = this->events.waitFor("command.queued", 1);
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    const auto payload = parseObject(events[0].payload);
    BOOST_TEST(payload->getValue<std::int64_t>("commandId") == commandId);
    BOOST_TEST(payload->getValue<std::int64_t>("deviceId") == device.id);
    BOOST_TEST(payload->getValue<std::string>("kind") == "open_door");

    BOOST_TEST(admin("POST", "/api/v1/devices/" + id + "/commands", R"({"kind":"restart"})").status == 201);
    const Device other = addDevice("SN-401");
    BOOST_TEST(admin("POST", "/api/v1/devices/" + std::to_string(other.id) + "/commands", R"({"kind":"sync_time"})")
                   .status == 201);
    store->commands().transition(commandId, CommandState::Sent, "");

    BOOST_TEST(admin("GET", "/api/v1/commands").json()->getValue<int>("total") == 3);
    BOOST_TEST(admin("GET", "/api/v1/commands?deviceId=" + id).json()->getValue<int>("total") == 2);
    const auto sent = admin("GET", "/api/v1/commands?state=sent");
    BOOST_TEST(sent.json()->getValue<int>("total") == 1);
    BOOST_TEST(sent.items()->getObject(0)->getValue<std::int64_t>("id") == commandId);
    BOOST_TEST(admin("GET", "/api/v1/commands?state=bogus").errorField() == "state");
    BOOST_TEST(admin("GET", "/api/v1/commands/" + std::to_string(commandId)).json()->getValue<std::string>("state") ==
               "sent");
    BOOST_TEST(admin("GET", "/api/v1/commands/987654").status == 404);

    BOOST_TEST(admin("POST", "/api/v1/devices/" + id + "/commands", R"({"kind":"Open Door!"})").errorField() == "kind");
    BOOST_TEST(admin("POST", "/api/v1/devices/" + id + "/commands", R"({"kind":"x","args":"y"})").errorField() == "args");
    BOOST_TEST(admin("POST", "/api/v1/devices/98765/commands", R"({"kind":"restart"})").status == 404);
    const auto audit = store->audit().list(AuditQuery{"", "command.queue", "", 0, 10});
    BOOST_TEST(audit.total == 3);
}

BOOST_AUTO_TEST_CASE(a_disabled_device_takes_no_commands) {
    const Device device = addDevice("SN-450");
    store->devices().setState(device.id, DeviceState::Disabled);
    BOOST_TEST(admin("POST", "/api/v1/devices/" + std::to_string(device.id) + "/commands", R"({"kind":"restart"})")
                   .status == 409);
}

BOOST_AUTO_TEST_CASE(sync_entries_show_their_error_codes) {
    const Device device = addDevice("SN-500");
    Person p;
    p.userId = 77;
    p.name = "Synced";
    store->persons().save(p);
    store->sync().want(device.id, 77, 3, false);
    store->sync().fail(device.id, 77, 461, "photo quality too low");
    const auto reply = admin("GET", "/api/v1/devices/" + std::to_string(device.id) + "/sync");
    BOOST_TEST(reply.status == 200);
    BOOST_REQUIRE_EQUAL(reply.items()->size(), 1u);
    const auto entry = reply.items()->getObject(0);
    BOOST_TEST(entry->getValue<int>("userId") == 77);
    BOOST_TEST(entry->getValue<int>("wantedVersion") == 3);
    BOOST_TEST(entry->getValue<bool>("pending"));
    BOOST_TEST(entry->getValue<int>("lastErrorCode") == 461);
    BOOST_TEST(entry->getValue<std::string>("lastError") == "photo quality too low");
}

BOOST_AUTO_TEST_CASE(delete_removes_the_device) {
    const Device device = addDevice("SN-600");
    const std::string path = "/api/v1/devices/" + std::to_string(device.id);
    const auto viewer = userToken("val", "viewer");
    BOOST_TEST(call("DELETE", path, "", viewer).status == 403);
    BOOST_TEST(admin("DELETE", path).status == 204);
    BOOST_TEST(admin("GET", path).status == 404);
    BOOST_TEST(!store->devices().find(device.id).has_value());
    BOOST_TEST(admin("DELETE", path).status == 404);
}

BOOST_AUTO_TEST_CASE(operators_manage_devices_but_viewers_only_look) {
    const Device device = addDevice("SN-700");
    const std::string path = "/api/v1/devices/" + std::to_string(device.id);
    const auto viewer = userToken("vivi", "viewer");
    const auto operatorToken = userToken("oscar", "operator");
    BOOST_TEST(call("GET", path, "", viewer).status == 200);
    BOOST_TEST(call("GET", path + "/sync", "", viewer).status == 200);
    BOOST_TEST(call("POST", path + "/activate", "", viewer).status == 403);
    BOOST_TEST(call("PUT", path + "/parameters", "{}", viewer).status == 403);
    BOOST_TEST(call("POST", path + "/activate", "", operatorToken).status == 200);
    BOOST_TEST(call("POST", path + "/commands", R"({"kind":"restart"})", operatorToken).status == 201);
}

BOOST_AUTO_TEST_SUITE_END()
