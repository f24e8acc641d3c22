#include <boost/test/unit_test.hpp>

#include "mapping/TimeGroups.h"
#include "wire/TolerantJson.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(time_groups)

BOOST_AUTO_TEST_CASE(local_time_in_the_terminals_zone) {
    // 2024-06-17 09:32:51 UTC was a Monday; UTC+8 makes it 17:32.
    const LocalTime t = localTime(1718616771, 8 * 60);
    BOOST_TEST(t.weekday == 1);
    BOOST_TEST(t.minuteOfDay == 17 * 60 + 32);
    BOOST_TEST(localTime(0, 0).weekday == 4);  // 1970-01-01, a Thursday
    BOOST_TEST(localTime(1718616771, -10 * 60).weekday == 7);  // still Sunday in Hawaii
}

BOOST_AUTO_TEST_CASE(ranges) {
    BOOST_TEST(inRanges("00:00-23:59", 23 * 60 + 59));
    BOOST_TEST(inRanges("08:00-12:00,13:00-18:00", 13 * 60));
    BOOST_TEST(!inRanges("08:00-12:00,13:00-18:00", 12 * 60 + 30));
    BOOST_TEST(inRanges("22:00-06:00", 2 * 60));
    BOOST_TEST(!inRanges("22:00-06:00", 12 * 60));
    BOOST_TEST(!inRanges("", 600));
    BOOST_TEST(!inRanges("garbage", 600));
}

BOOST_AUTO_TEST_CASE(groups_of_the_work_settings) {
    const auto groups = parseJson(R"([{"Num":1,"Week1":"00:00-23:59","Week7":"00:00-23:59"},
                                      {"Num":6,"Week1":"08:00-18:00","Week2":""}])")
                            .extract<Poco::JSON::Array::Ptr>();
    BOOST_TEST(*inTimeGroup(groups, 1, {1, 600}));
    BOOST_TEST(*inTimeGroup(groups, 6, {1, 600}));
    BOOST_TEST(!*inTimeGroup(groups, 6, {1, 19 * 60}));
    BOOST_TEST(!*inTimeGroup(groups, 6, {2, 600}));  // an empty day has no hours
    BOOST_TEST(!inTimeGroup(groups, 9, {1, 600}).has_value());
    BOOST_TEST(!inTimeGroup(nullptr, 1, {1, 600}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
