// The ZK mappings: records (PIN, TIME, STATUS, VERIFY, raw), users (Pri,
// Passwd, Card, Grp, TZ) and commands (cmd_list names, error log content).
#include <boost/test/unit_test.hpp>

#include "mapping/AttRecord.h"
#include "mapping/CommandEntry.h"
#include "mapping/ZkFields.h"
#include "mapping/ZkUser.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Object.h>

using namespace passway;
using namespace passway::attlog;

BOOST_AUTO_TEST_CASE(zk_time_is_local_time_at_the_configured_offset) {
    // 2017-08-01 13:40:38 at UTC+8 is 05:40:38 UTC.
    BOOST_CHECK_EQUAL(parseZkTime("2017-08-01 13:40:38", 480).value(), 1501566038000LL);
    BOOST_CHECK_EQUAL(parseZkTime("2017-08-01T13:40:38", 480).value(), 1501566038000LL);
    BOOST_CHECK_EQUAL(parseZkTime("2017-08-01 05:40:38", 0).value(), 1501566038000LL);
    BOOST_CHECK(!parseZkTime("2017-02-29 00:00:00", 0));
    BOOST_CHECK(!parseZkTime("2017-08-01", 0));
    BOOST_CHECK(!parseZkTime("2017-13-01 00:00:00", 0));
    BOOST_CHECK(!parseZkTime("2017-08-01 24:00:00", 0));
    BOOST_CHECK_EQUAL(formatZkTime(1501566038000LL, 480), "2017-08-01 13:40:38");
    BOOST_CHECK_EQUAL(formatZkTime(0, -60), "1969-12-31 23:00:00");
}

BOOST_AUTO_TEST_CASE(a_zk_record_maps_onto_a_canonical_record) {
    const auto zk = readJsonObject(R"({'PIN': '17', 'TIME': '2017-08-01 13:40:38', 'STATUS': 1, 'VERIFY': '15',
                                       'WORKCODE': '8', 'RESERVED1': '0', 'RESERVED2': 'r2'})");
    const Record r = AttRecord::toRecord(*zk, 5, 480);
    BOOST_CHECK_EQUAL(r.deviceId, 5);
    BOOST_CHECK_EQUAL(r.userId.value(), 17u);
    BOOST_CHECK_EQUAL(r.deviceTime, 1501566038000LL);
    BOOST_CHECK_EQUAL(r.direction, "out");
    BOOST_CHECK_EQUAL(r.verifyType, "face");
    BOOST_CHECK_EQUAL(r.deviceRecordId, "17|2017-08-01 13:40:38|1|15");
    const auto raw = readJsonObject(r.raw);
    BOOST_CHECK_EQUAL(raw->getValue<std::string>("WORKCODE"), "8");
    BOOST_CHECK_EQUAL(raw->getValue<std::string>("RESERVED2"), "r2");

    // The document's own record: STATUS 255 has no direction, VERIFY 2 is a card.
    const auto doc = readJsonObject(R"({"PIN": "1", "TIME": "2017-08-01 13:40:38", "STATUS": 255, "VERIFY": "2"})");
    const Record d = AttRecord::toRecord(*doc, 1, 0);
    BOOST_CHECK_EQUAL(d.direction, "");
    BOOST_CHECK_EQUAL(d.verifyType, "card");
    // Same (PIN, TIME, STATUS, VERIFY) in either spelling: the same identity.
    const auto same = readJsonObject(R"({"PIN": "1", "TIME": "2017-08-01T13:40:38", "STATUS": "255", "VERIFY": 2})");
    BOOST_CHECK_EQUAL(AttRecord::toRecord(*same, 1, 0).deviceRecordId, d.deviceRecordId);

    BOOST_CHECK_EQUAL(AttRecord::direction(0), "in");
    BOOST_CHECK_EQUAL(AttRecord::direction(4), "in");
    BOOST_CHECK_EQUAL(AttRecord::direction(5), "out");
    BOOST_CHECK_EQUAL(AttRecord::direction(2), "");
    BOOST_CHECK_EQUAL(AttRecord::verifyType(1), "fingerprint");
    BOOST_CHECK_EQUAL(AttRecord::verifyType(0), "password");
    BOOST_CHECK_EQUAL(AttRecord::verifyType(99), "");

    // A PIN that is not a number is kept (raw, identity) without a userId.
    const auto letters = readJsonObject(R"({"PIN": "A7", "TIME": "2017-08-01 13:40:38", "STATUS": 0, "VERIFY": 1})");
    BOOST_CHECK(!AttRecord::toRecord(*letters, 1, 0).userId);
}

BOOST_AUTO_TEST_CASE(a_record_the_mapping_cannot_take_names_its_field) {
    const auto check = [](const std::string& text, const std::string& field) {
        try {
            AttRecord::toRecord(*readJsonObject(text), 1, 0);
            BOOST_ERROR("accepted: " + text);
        } catch (const std::invalid_argument& e) {
            BOOST_CHECK_MESSAGE(std::string(e.what()).find(field) != std::string::npos, e.what());
        }
    };
    check(R"({"TIME": "2017-08-01 13:40:38", "STATUS": 0, "VERIFY": 1})", "PIN");
    check(R"({"PIN": "1", "TIME": "yesterday", "STATUS": 0, "VERIFY": 1})", "TIME");
    check(R"({"PIN": "1", "TIME": "2017-08-01 13:40:38", "STATUS": "x", "VERIFY": 1})", "STATUS");
    check(R"({"PIN": "1", "TIME": "2017-08-01 13:40:38", "STATUS": 0})", "VERIFY");
    check(R"({"PIN": "1 2", "TIME": "2017-08-01 13:40:38", "STATUS": 0, "VERIFY": 1})", "PIN");
}

BOOST_AUTO_TEST_CASE(a_person_maps_onto_the_seed_user_object) {
    Person p;
    p.userId = 12;
    p.name = "陈";
    p.role = "admin";
    p.credentials = {{"card", "15895470", "", 0}, {"password", "123", "", 0}, {"fingerprint", "", "abc", 1}};
    p.accessGroups = {"lobby", "3"};
    p.timeGroup = "0001000100000000";
    const auto u = ZkUser::of(p, {});
    BOOST_CHECK_EQUAL(u->getValue<std::string>("PIN"), "12");
    BOOST_CHECK_EQUAL(u->getValue<std::string>("Name"), "陈");
    BOOST_CHECK_EQUAL(u->getValue<std::string>("Pri"), "14");
    BOOST_CHECK_EQUAL(u->getValue<std::string>("Passwd"), "123");
    BOOST_CHECK_EQUAL(u->getValue<std::string>("Card"), "15895470");
    BOOST_CHECK_EQUAL(u->getValue<std::string>("Grp"), "3");
    BOOST_CHECK_EQUAL(u->getValue<std::string>("TZ"), "0001000100000000");

    Person plain;
    plain.userId = 13;
    const auto v = ZkUser::of(plain, ZkUserDefaults{"2", "0000000000000001"});
    BOOST_CHECK_EQUAL(v->getValue<std::string>("Pri"), "0");
    BOOST_CHECK_EQUAL(v->getValue<std::string>("Grp"), "2");
    BOOST_CHECK_EQUAL(v->getValue<std::string>("TZ"), "0000000000000001");
    BOOST_CHECK_EQUAL(v->getValue<std::string>("Card"), "");
    const auto removed = ZkUser::removed(14);
    BOOST_CHECK_EQUAL(removed->getValue<std::string>("PIN"), "14");
    BOOST_CHECK_EQUAL(removed->size(), 7u);
}

BOOST_AUTO_TEST_CASE(canonical_commands_become_cmd_list_members_or_are_refused) {
    Command c;
    c.kind = "get_error_log";
    c.args = R"({"start": 1000, "end": 2000})";
    std::string why;
    auto e = CommandEntry::of(c, why);
    BOOST_REQUIRE(e);
    BOOST_CHECK_EQUAL(e->name, "getErroLog");
    const auto range = e->value.extract<Poco::JSON::Object::Ptr>();
    BOOST_CHECK_EQUAL(range->getValue<Poco::Int64>("start"), 1000);
    BOOST_CHECK_EQUAL(range->getValue<Poco::Int64>("end"), 2000);

    c.args = "{}";
    c.createdAt = 500000000LL;
    e = CommandEntry::of(c, why);
    BOOST_REQUIRE(e);
    BOOST_CHECK_EQUAL(e->value.extract<Poco::JSON::Object::Ptr>()->getValue<Poco::Int64>("end"), 500000);
    BOOST_CHECK_EQUAL(e->value.extract<Poco::JSON::Object::Ptr>()->getValue<Poco::Int64>("start"), 500000 - 86400);

    c.args = R"({"start": 3, "end": 2})";
    BOOST_CHECK(!CommandEntry::of(c, why));

    c.args = "{}";
    c.kind = "sync_users";
    BOOST_CHECK_EQUAL(CommandEntry::of(c, why)->name, "updatestd");
    c.kind = "sync_records";
    BOOST_CHECK_EQUAL(CommandEntry::of(c, why)->name, "syncAttLog");
    c.kind = "bridge_command";
    c.args = R"({"name": "reboot", "value": {"delay": 5}})";
    BOOST_CHECK_EQUAL(CommandEntry::of(c, why)->name, "reboot");
    c.kind = "open_door";
    BOOST_CHECK(!CommandEntry::of(c, why));
    BOOST_CHECK(why.find("open_door") != std::string::npos);

    BOOST_CHECK_EQUAL(CommandEntry::nameInErrorContent("syncAttLog ;return -1 . 2017-08-01 13:40:38"), "syncAttLog");
    BOOST_CHECK_EQUAL(CommandEntry::nameInErrorContent("getErroLog;return -2"), "getErroLog");
    BOOST_CHECK_EQUAL(CommandEntry::nameInErrorContent(""), "");
}
