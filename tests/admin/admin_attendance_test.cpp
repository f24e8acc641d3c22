#include <boost/test/unit_test.hpp>

// /api/v1/attendance, the shifts, records per day, the person's name and the
// face check's verdict on records, and /api/v1/backups without maintenance.

#include "AdminFixture.h"

using namespace passway;
using namespace passway::test;

namespace {

constexpr std::int64_t kHour = 3600000;
constexpr std::int64_t kDay = 1780272000000 - 8 * kHour;  // 2026-06-01 00:00 in Beijing

struct WithPunches : AdminFixture {
    Device gate = addDevice("GATE-1");
    std::int64_t photoRecord = 0;

    WithPunches() {
        Person li;
        li.userId = 1;
        li.name = "Li Lei";
        li.department = "R&D";
        store->persons().save(li);
        std::vector<Record> punches;
        for (const auto& [number, minute] : std::vector<std::pair<int, int>>{{1, 9 * 60 + 7}, {2, 17 * 60 + 30}}) {
            Record r;
            r.deviceId = gate.id;
            r.deviceRecordId = std::to_string(number);
            r.userId = 1;
            r.deviceTime = kDay + minute * 60000;
            r.photoBlob = blobs->put("snapshot " + std::to_string(number));
            punches.push_back(r);
        }
        photoRecord = store->records().insertBatch(punches)[0].id;
    }

    std::string range() const {
        return "from=" + std::to_string(kDay) + "&to=" + std::to_string(kDay + 24 * kHour) + "&tz=480";
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(attendance_judges_a_day_against_the_department_shift, WithPunches) {
    const auto day = admin("GET", "/api/v1/attendance?" + range());
    BOOST_TEST_REQUIRE(day.status == 200);
    BOOST_REQUIRE_EQUAL(day.items()->size(), 1u);
    const auto row = day.items()->getObject(0);
    BOOST_TEST(row->getValue<std::string>("name") == "Li Lei");
    BOOST_TEST(row->getValue<std::string>("date") == "2026-06-01");
    BOOST_TEST(row->getValue<std::int64_t>("firstIn") == kDay + (9 * 60 + 7) * 60000);
    BOOST_TEST(row->getValue<int>("lateMinutes") == 7);
    BOOST_TEST(row->getValue<int>("earlyMinutes") == 30);
    BOOST_TEST(row->getValue<double>("hours") == 8.38);

    BOOST_TEST(admin("PUT", "/api/v1/attendance/shifts",
                     R"({"department":"R&D","start":"09:10","end":"17:30","graceMinutes":0})").status == 200);
    const auto after = admin("GET", "/api/v1/attendance?" + range() + "&department=R%26D").items()->getObject(0);
    BOOST_TEST(after->getValue<int>("lateMinutes") == 0);
    BOOST_TEST(after->getValue<int>("earlyMinutes") == 0);
    BOOST_TEST(admin("GET", "/api/v1/attendance?" + range() + "&department=Sales").items()->size() == 0u);

    const auto perDay = admin("GET", "/api/v1/records/per-day?" + range()).items();
    BOOST_REQUIRE_EQUAL(perDay->size(), 1u);
    BOOST_TEST(perDay->getObject(0)->getValue<int>("records") == 2);
}

BOOST_FIXTURE_TEST_CASE(bad_ranges_and_shifts_are_refused_naming_the_field, WithPunches) {
    auto r = admin("GET", "/api/v1/attendance?to=5");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.errorField() == "from");
    r = admin("GET", "/api/v1/attendance?from=10&to=5");
    BOOST_TEST(r.errorField() == "to");
    r = admin("GET", "/api/v1/attendance?from=0&to=" + std::to_string(400 * 24 * kHour));
    BOOST_TEST(r.errorField() == "to");
    r = admin("PUT", "/api/v1/attendance/shifts", R"({"start":"18:00","end":"08:00"})");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.errorCode() == "invalid");
    BOOST_TEST(r.errorField() == "end");
    r = admin("PUT", "/api/v1/attendance/shifts", R"({"start":"25:00","end":"26:00"})");
    BOOST_TEST(r.errorField() == "start");
    r = call("PUT", "/api/v1/attendance/shifts", R"({"start":"08:00","end":"17:00"})", userToken("watcher", "viewer"));
    BOOST_TEST(r.status == 403);
    BOOST_TEST(store->attendance().shiftFor("").startMinute == 540);  // nothing changed
}

BOOST_FIXTURE_TEST_CASE(records_carry_the_name_and_the_face_verdict, WithPunches) {
    const auto list = admin("GET", "/api/v1/records");
    BOOST_TEST(list.items()->getObject(0)->getValue<std::string>("personName") == "Li Lei");
    auto one = admin("GET", "/api/v1/records/" + std::to_string(photoRecord)).json();
    BOOST_TEST(one->isNull("faceMatch"));
    std::vector<JournalEntry> verdict{JournalEntry{0, "face.matched", "core",
                                                   R"({"recordId":)" + std::to_string(photoRecord) +
                                                       R"(,"deviceId":1,"userId":1,"score":0.71,"claimedUserId":1})",
                                                   0}};
    store->journal().append(verdict);
    one = admin("GET", "/api/v1/records/" + std::to_string(photoRecord)).json();
    const auto match = one->getObject("faceMatch");
    BOOST_REQUIRE(match);
    BOOST_TEST(match->getValue<std::string>("topic") == "face.matched");
    BOOST_TEST(match->getValue<double>("score") == 0.71);
    BOOST_TEST(one->getValue<std::string>("personName") == "Li Lei");
}

BOOST_FIXTURE_TEST_CASE(backups_answer_503_where_maintenance_does_not_run, AdminFixture) {
    const auto r = admin("POST", "/api/v1/backups");
    BOOST_TEST(r.status == 503);
    BOOST_TEST(r.errorCode() == "unavailable");
}
