#include <boost/test/unit_test.hpp>

#include "mapping/OnlineAuthorization.h"
#include "wire/TolerantJson.h"

using namespace passway;
using namespace passway::httpv2;

namespace {

constexpr std::int64_t kMonday1732 = 1718616771;  // Monday 17:32 at UTC+8

Person person() {
    Person p;
    p.userId = 1;
    p.name = "Rose";
    return p;
}

AuthorizationFacts facts(const Person* p) {
    AuthorizationFacts f;
    f.person = p;
    f.now = kMonday1732;
    f.tzMinutes = 480;
    f.timeGroups = parseJson(R"([{"Num":2,"Week1":"08:00-12:00"},{"Num":3,"Week1":"17:00-18:00"}])")
                       .extract<Poco::JSON::Array::Ptr>();
    return f;
}

} // namespace

BOOST_AUTO_TEST_SUITE(online_authorization)

BOOST_AUTO_TEST_CASE(a_known_active_person_is_let_in_with_a_greeting) {
    const Person p = person();
    const auto v = authorize(facts(&p));
    BOOST_TEST(v.success == 1);
    BOOST_TEST(v.message == "Rose");
    auto silent = facts(&p);
    silent.greeting = "";
    BOOST_TEST(authorize(silent).success == 2);
}

BOOST_AUTO_TEST_CASE(the_rules_refuse_in_order) {
    BOOST_TEST(authorize(facts(nullptr)).reason == "unregistered");
    Person p = person();
    p.role = "blacklist";
    BOOST_TEST(authorize(facts(&p)).reason == "blacklist");
    p = person();
    p.validUntil = kMonday1732 - 1;
    BOOST_TEST(authorize(facts(&p)).reason == "validity_expired");
    p = person();
    p.validFrom = kMonday1732 + 1;
    BOOST_TEST(authorize(facts(&p)).reason == "not_yet_valid");
    p = person();
    p.timeGroup = "2";
    BOOST_TEST(authorize(facts(&p)).reason == "outside_time_group");
    BOOST_TEST(authorize(facts(&p)).success == 0);
    p.timeGroup = "3";
    BOOST_TEST(authorize(facts(&p)).success == 1);
    p.timeGroup = "9";  // not defined on the terminal: no restriction
    BOOST_TEST(authorize(facts(&p)).success == 1);
}

BOOST_AUTO_TEST_CASE(open_times) {
    Person p = person();
    p.extra = R"({"openTimes":2})";
    BOOST_TEST(*openTimesLimit(p) == 2);
    auto f = facts(&p);
    f.passesUsed = 1;
    BOOST_TEST(authorize(f).success == 1);
    f.passesUsed = 2;
    BOOST_TEST(authorize(f).reason == "open_times_exhausted");
    p.extra = R"({"openTimes":0})";
    BOOST_TEST(authorize(facts(&p)).success == 0);
    p.extra = R"({"OpenTimes":65535})";
    BOOST_TEST(!openTimesLimit(p));
    p.extra = "not json";
    BOOST_TEST(!openTimesLimit(p));
}

BOOST_AUTO_TEST_CASE(the_devices_access_groups_decide_as_the_sync_does) {
    Person p = person();
    auto f = facts(&p);
    f.deviceGroups = {"Lobby", "Gate"};
    p.accessGroups = {"Lab"};
    BOOST_TEST(authorize(f).success == 0);
    BOOST_TEST(authorize(f).reason == "not_in_device_groups");
    p.accessGroups = {};
    BOOST_TEST(authorize(f).success == 0);
    p.accessGroups = {"Lab", "Gate"};
    BOOST_TEST(authorize(f).success == 1);
    f.deviceGroups.clear();  // a device with no groups serves everyone
    p.accessGroups = {};
    BOOST_TEST(authorize(f).success == 1);
}

BOOST_AUTO_TEST_CASE(a_refusal_of_the_terminal_is_never_turned_into_an_open_door) {
    const Person p = person();
    auto f = facts(&p);
    f.recordResult = "refused";
    f.recordReason = "abnormal_temperature";  // RecordType 30
    const auto v = authorize(f);
    BOOST_TEST(v.success == 0);
    BOOST_TEST(v.reason == "abnormal_temperature");
}

BOOST_AUTO_TEST_SUITE_END()
