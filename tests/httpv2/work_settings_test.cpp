#include <boost/test/unit_test.hpp>

#include "mapping/WorkSettings.h"
#include "wire/TolerantJson.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(work_settings)

BOOST_AUTO_TEST_CASE(read_only_members_are_those_the_download_example_lacks) {
    for (const char* key : {"FirmwareVerson", "RunDays", "PeopleStorageInfo", "FunctionList", "AlarmStatus", "RelayStatus"}) {
        BOOST_TEST(isReadOnlySetting(key), key);
    }
    for (const char* key : {"Volume", "ReleaseTime", "HTTPClient_KeepaliveTime", "TimeGroups", "MenuPassword"}) {
        BOOST_TEST(!isReadOnlySetting(key), key);
    }
}

BOOST_AUTO_TEST_CASE(download_merges_desired_over_the_reported_settable_members) {
    const auto reported = parseJsonObject(
        R"({"DeviceSN":"X","Volume":6,"ReleaseTime":3,"FirmwareVerson":"8.46","SystemTime":1718421632,"RunDays":4})");
    const auto desired = parseJsonObject(R"({"Volume":2,"FirmwareVerson":"9"})");
    const auto merged = downloadSettings(reported, desired, "FC-1", DownloadMode::Merged, std::nullopt);
    BOOST_TEST(merged->getNames().front() == "Success");
    BOOST_TEST(merged->getValue<int>("Success") == 1);
    BOOST_TEST(merged->getValue<std::string>("DeviceSN") == "FC-1");
    BOOST_TEST(merged->getValue<int>("Volume") == 2);
    BOOST_TEST(merged->getValue<int>("ReleaseTime") == 3);
    BOOST_TEST(!merged->has("FirmwareVerson"));
    BOOST_TEST(!merged->has("RunDays"));
    BOOST_TEST(!merged->has("SystemTime"));  // the reported clock is stale

    const auto only = downloadSettings(reported, desired, "FC-1", DownloadMode::Desired, 1800000000);
    BOOST_TEST(only->getValue<int>("Volume") == 2);
    BOOST_TEST(!only->has("ReleaseTime"));
    BOOST_TEST(only->getValue<Poco::Int64>("SystemTime") == 1800000000);
}

BOOST_AUTO_TEST_CASE(desired_is_satisfied_when_reported_agrees) {
    const auto reported = parseJsonObject(R"({"Volume":"2","ReleaseTime":5,"Name":"a"})");
    BOOST_TEST(desiredSatisfied(reported, parseJsonObject(R"({"Volume":2,"ReleaseTime":5.0})")));
    BOOST_TEST(!desiredSatisfied(reported, parseJsonObject(R"({"Volume":3})")));
    BOOST_TEST(!desiredSatisfied(reported, parseJsonObject(R"({"Other":1})")));
    BOOST_TEST(desiredSatisfied(reported, parseJsonObject("{}")));
    BOOST_TEST(settingsDigest(parseJsonObject(R"({"a":1,"b":2})")) == settingsDigest(parseJsonObject(R"({"b":2,"a":1})")));
    BOOST_TEST(settingsDigest(parseJsonObject(R"({"a":1})")) != settingsDigest(parseJsonObject(R"({"a":2})")));
}

BOOST_AUTO_TEST_CASE(facts_from_the_settings) {
    BOOST_TEST(keepaliveSeconds(parseJsonObject(R"({"HTTPClient_KeepaliveTime":15,"KeepaliveTime":30})"), 30) == 15);
    BOOST_TEST(keepaliveSeconds(parseJsonObject(R"({"KeepaliveTime":"20"})"), 30) == 20);
    BOOST_TEST(keepaliveSeconds(parseJsonObject(R"({"HTTPClient_KeepaliveTime":1})"), 30) == 5);
    BOOST_TEST(keepaliveSeconds(parseJsonObject("{}"), 30) == 30);
    BOOST_TEST(*timeZoneMinutes(parseJsonObject(R"({"TimeZone":8})")) == 480);
    BOOST_TEST(*timeZoneMinutes(parseJsonObject(R"({"TimeZone":5.5})")) == 330);
    BOOST_TEST(*timeZoneMinutes(parseJsonObject(R"({"TimeZone":-300})")) == -300);
    BOOST_TEST(!timeZoneMinutes(parseJsonObject("{}")));
    BOOST_TEST(hasWorkSettings(parseJsonObject(R"({"FirmwareVerson":"8.46"})")));
    BOOST_TEST(!hasWorkSettings(parseJsonObject(R"({"RelayStatus":0,"AlarmStatus":""})")));
}

BOOST_AUTO_TEST_CASE(an_upload_is_written_over_what_was_reported) {
    const auto merged = mergeReported(parseJsonObject(R"({"RelayStatus":1,"Volume":6})"),
                                      parseJsonObject(R"({"Volume":2,"FirmwareVerson":"8.46"})"));
    BOOST_TEST(merged->getValue<int>("RelayStatus") == 1);
    BOOST_TEST(merged->getValue<int>("Volume") == 2);
    BOOST_TEST(merged->getValue<std::string>("FirmwareVerson") == "8.46");
}

BOOST_AUTO_TEST_SUITE_END()
