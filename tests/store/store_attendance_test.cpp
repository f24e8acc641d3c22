#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

using namespace passway;

namespace {

constexpr std::int64_t kHour = 3600000;
// 2026-06-01 00:00 in Beijing (UTC+8) is 2026-05-31 16:00 UTC.
constexpr std::int64_t kJune1Beijing = 1780272000000 - 8 * kHour;
constexpr int kBeijing = 8 * 60;

Record punch(std::int64_t deviceId, std::uint32_t userId, std::int64_t at, const std::string& result = "pass") {
    static int number = 0;
    Record record;
    record.deviceId = deviceId;
    record.deviceRecordId = std::to_string(++number);
    record.userId = userId;
    record.deviceTime = at;
    record.verifyType = "face";
    record.result = result;
    return record;
}

Person person(std::uint32_t userId, const std::string& name, const std::string& department) {
    Person p;
    p.userId = userId;
    p.name = name;
    p.department = department;
    return p;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(attendance, test::StoreFixture)

BOOST_AUTO_TEST_CASE(person_days_are_the_first_and_last_passing_punch_of_each_local_day) {
    store->persons().save(person(1, "Li Lei", "R&D"));
    store->persons().save(person(2, "Han Meimei", "Sales"));
    const auto device = addDevice("GATE-1").id;
    const auto other = addDevice("GATE-2").id;
    auto& records = store->records();
    // Li Lei, June 1: 08:55, 12:00 (other gate), 18:10; refused at 07:00 does not count.
    records.insert(punch(device, 1, kJune1Beijing + 8 * kHour + 55 * 60000));
    records.insert(punch(other, 1, kJune1Beijing + 12 * kHour));
    records.insert(punch(device, 1, kJune1Beijing + 18 * kHour + 10 * 60000));
    records.insert(punch(device, 1, kJune1Beijing + 7 * kHour, "refused"));
    // 00:30 local on June 2 is still June 1 in UTC: it belongs to June 2 here.
    records.insert(punch(device, 1, kJune1Beijing + 24 * kHour + 30 * 60000));
    // Han Meimei, June 1: one punch only.
    records.insert(punch(device, 2, kJune1Beijing + 9 * kHour + 20 * 60000));

    AttendanceQuery query;
    query.from = kJune1Beijing;
    query.to = kJune1Beijing + 2 * 24 * kHour;
    query.utcOffsetMinutes = kBeijing;
    const auto days = store->attendance().personDays(query);
    BOOST_REQUIRE_EQUAL(days.size(), 3u);
    BOOST_TEST(days[0].userId == 1u);
    BOOST_TEST(days[0].name == "Li Lei");
    BOOST_TEST(days[0].firstPunch == kJune1Beijing + 8 * kHour + 55 * 60000);
    BOOST_TEST(days[0].lastPunch == kJune1Beijing + 18 * kHour + 10 * 60000);
    BOOST_TEST(days[0].punches == 3);
    BOOST_TEST(days[1].userId == 2u);
    BOOST_TEST(days[1].punches == 1);
    BOOST_TEST(days[2].userId == 1u);
    BOOST_TEST(days[2].day == days[0].day + 1);

    query.department = "Sales";
    const auto sales = store->attendance().personDays(query);
    BOOST_REQUIRE_EQUAL(sales.size(), 1u);
    BOOST_TEST(sales[0].name == "Han Meimei");

    const auto perDay = store->attendance().recordsPerDay(query.from, query.to, kBeijing);
    BOOST_REQUIRE_EQUAL(perDay.size(), 3u);  // June 1 at both gates, June 2 at the first
    BOOST_TEST(perDay[0].deviceId == device);
    BOOST_TEST(perDay[0].records == 4);  // the refused one counts as a record
    BOOST_TEST(perDay[1].deviceId == other);
    BOOST_TEST(perDay[1].records == 1);
    BOOST_TEST(perDay[2].records == 1);
}

BOOST_AUTO_TEST_CASE(a_department_shift_overrides_the_site_shift_and_survives_a_restart) {
    BOOST_TEST(store->attendance().shiftFor("R&D").startMinute == 540);  // the migration's 09:00-18:00
    store->attendance().saveShift(Shift{"R&D", 600, 1140, 10});
    store->attendance().saveShift(Shift{"", 480, 1020, 0});
    reopen();
    const Shift rnd = store->attendance().shiftFor("R&D");
    BOOST_TEST(rnd.startMinute == 600);
    BOOST_TEST(rnd.endMinute == 1140);
    BOOST_TEST(rnd.graceMinutes == 10);
    BOOST_TEST(store->attendance().shiftFor("Sales").startMinute == 480);
    BOOST_TEST(store->attendance().shifts().size() == 2u);
    BOOST_TEST(store->attendance().removeShift("R&D"));
    BOOST_TEST(!store->attendance().removeShift(""));
    BOOST_TEST(store->attendance().shiftFor("R&D").startMinute == 480);
}

BOOST_AUTO_TEST_SUITE_END()
