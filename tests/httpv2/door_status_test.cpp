#include <boost/test/unit_test.hpp>

#include "mapping/DoorStatus.h"
#include "wire/TolerantJson.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(door_status)

BOOST_AUTO_TEST_CASE(alarm_lists_and_the_escaped_empty_string) {
    BOOST_TEST(parseAlarms("").empty());
    BOOST_TEST(parseAlarms("\"\"").empty());
    BOOST_TEST((parseAlarms("fire,blacklist") == std::vector<std::string>{"fire", "blacklist"}));
    BOOST_TEST((parseAlarms(" fire , fire,anti ") == std::vector<std::string>{"fire", "anti"}));
}

BOOST_AUTO_TEST_CASE(new_alarms_are_those_not_there_before) {
    BOOST_TEST((raisedAlarms({"fire"}, {"fire", "anti"}) == std::vector<std::string>{"anti"}));
    BOOST_TEST(raisedAlarms({"fire"}, {}).empty());
    BOOST_TEST((raisedAlarms({"fire", "anti"}, {"anti"}).empty()));
}

BOOST_AUTO_TEST_CASE(a_keepalive_overlays_what_it_sent) {
    const DoorStatus known = readDoorStatus(JsonFields(parseJsonObject(
        R"({"RelayStatus":0,"KeepOpenStatus":0,"DoorSensorStatus":0,"LockDoorStatus":0,"AlarmStatus":"fire"})")));
    const DoorStatus update = readDoorStatus(JsonFields(parseJsonObject(R"({"DoorSensorStatus":"1"})")));
    const DoorStatus now = overlay(known, update);
    BOOST_TEST(*now.doorSensor == 1);
    BOOST_TEST(*now.relay == 0);
    BOOST_TEST((*now.alarms == std::vector<std::string>{"fire"}));
    BOOST_TEST(!(now == known));
    BOOST_TEST((overlay(now, update) == now));

    Poco::JSON::Object reported;
    writeDoorStatus(reported, now);
    BOOST_TEST(reported.getValue<int>("DoorSensorStatus") == 1);
    BOOST_TEST(reported.getValue<std::string>("AlarmStatus") == "fire");
}

BOOST_AUTO_TEST_SUITE_END()
