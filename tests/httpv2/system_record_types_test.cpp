#include <boost/test/unit_test.hpp>

#include "mapping/SystemRecordTypes.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(system_record_types)

BOOST_AUTO_TEST_CASE(door_sensor_events) {
    BOOST_TEST(systemEvent(SystemRecordKind::DoorSensor, 1).name == "door_sensor.opened");
    BOOST_TEST(systemEvent(SystemRecordKind::DoorSensor, 2).name == "door_sensor.closed");
    BOOST_TEST(systemEvent(SystemRecordKind::DoorSensor, 8).name == "door_sensor.button_controller_expired");
    BOOST_TEST(systemEvent(SystemRecordKind::DoorSensor, 9).name == "door_sensor.unknown");
    for (int t = 1; t <= 8; ++t) BOOST_TEST(systemEvent(SystemRecordKind::DoorSensor, t).alarm.empty());
}

BOOST_AUTO_TEST_CASE(system_alarms_use_the_keepalives_alarm_names) {
    BOOST_TEST(systemEvent(SystemRecordKind::System, 19).alarm == "fire");
    BOOST_TEST(!systemEvent(SystemRecordKind::System, 19).alarmCleared);
    BOOST_TEST(systemEvent(SystemRecordKind::System, 26).alarm == "fire");
    BOOST_TEST(systemEvent(SystemRecordKind::System, 26).alarmCleared);
    BOOST_TEST(systemEvent(SystemRecordKind::System, 20).alarm == "anti");
    BOOST_TEST(systemEvent(SystemRecordKind::System, 16).alarm == "password");
    BOOST_TEST(systemEvent(SystemRecordKind::System, 15).alarm == "doorSensor");
    BOOST_TEST(systemEvent(SystemRecordKind::System, 28).name == "system.power_on");
    BOOST_TEST(systemEvent(SystemRecordKind::System, 28).alarm.empty());
    BOOST_TEST(systemEvent(SystemRecordKind::System, 45).name == "system.people_deleted");
    BOOST_TEST(systemEvent(SystemRecordKind::System, 46).name == "system.unknown");
}

BOOST_AUTO_TEST_SUITE_END()
