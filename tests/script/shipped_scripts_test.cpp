#include <boost/test/unit_test.hpp>

// The scripts shipped in scripts/, each run as it is in the repository, on
// real Lua, SQLite, the record ingest and a real HTTP receiver on 127.0.0.1.

#include "script/ScriptFixture.h"

#include "ingest/GroupCommitRecordIngest.h"
#include "store/BlobStore.h"
#include "support/HttpReceiver.h"
#include "util/Metrics.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <set>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// The record intake a plugin uses, on the fixture's store and bus.
struct Intake {
    explicit Intake(ScriptFixture& f) : blobs(f.dir.file("blobs")), ingest(*f.store, blobs, *f.bus, metrics, {}) {
        Device d;
        d.protocol = "httpv2";
        d.serial = "SN-" + std::to_string(reinterpret_cast<std::uintptr_t>(this) % 100000);
        deviceId = f.store->devices().create(d).id;
    }
    void record(const std::string& recordId, std::uint32_t userId, std::int64_t time) {
        IngestItem item;
        item.record.deviceId = deviceId;
        item.record.deviceRecordId = recordId;
        item.record.userId = userId;
        item.record.deviceTime = time;
        item.record.verifyType = "face";
        item.record.direction = "in";
        item.record.raw = "{}";
        BOOST_REQUIRE(ingest.ingest(std::move(item)).recordId > 0);
    }
    Metrics metrics;
    BlobStore blobs;
    GroupCommitRecordIngest ingest;
    std::int64_t deviceId = 0;
};

Person person(std::uint32_t id, const std::string& name, const std::string& role = "normal") {
    Person p;
    p.userId = id;
    p.name = name;
    p.role = role;
    p.department = "Assembly";
    return p;
}

std::set<std::string> keys(const HttpReceiver& receiver) {
    std::set<std::string> out;
    for (const auto& r : receiver.requests()) out.insert(r.headers.at("Idempotency-Key"));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(payroll_delivers_each_record_once_also_across_a_receiver_outage_and_a_restart) {
    HttpReceiver receiver;
    ScriptFixture f;
    f.config->setString("script.payroll.url", receiver.url("/payroll"));
    f.config->setString("script.payroll.token", "s3cret");
    f.writeScript("payroll", shippedScript("payroll"));
    f.up();
    BOOST_REQUIRE_MESSAGE(f.state("payroll") == ScriptState::Running, f.host->status("payroll")->lastError);
    {
        Intake intake(f);
        for (int i = 1; i <= 5; ++i) intake.record(std::to_string(i), 7, 1718589600000 + i);
        intake.record("3", 7, 1718589600003);  // the terminal sends one again: stored once, no new event
        BOOST_REQUIRE(waitFor([&] { return receiver.count() == 5; }));
        std::this_thread::sleep_for(300ms);
        BOOST_TEST(receiver.count() == 5u);
        BOOST_TEST(keys(receiver).size() == 5u);
        const auto first = receiver.requests().front();
        BOOST_TEST(first.headers.at("Authorization") == "Bearer s3cret");
        BOOST_TEST(first.headers.at("Content-Type") == "application/json");
        const auto body = Poco::JSON::Parser().parse(first.body).extract<Poco::JSON::Object::Ptr>();
        BOOST_TEST(body->getValue<std::string>("deviceRecordId") == "1");
        BOOST_TEST(body->getValue<int>("userId") == 7);
        BOOST_TEST(body->getValue<std::string>("timeUtc") == "2024-06-17T02:00:00Z");

        // The receiver goes down; two more records come in and wait in the outbox.
        receiver.stop();
        intake.record("6", 7, 1718589600006);
        intake.record("7", 7, 1718589600007);
        BOOST_REQUIRE(waitFor([&] {
            const auto pending = f.store->outbox().list(OutboxState::Pending, 0, 10);
            return pending.total == 2 && pending.items[0].attempts >= 1 && pending.items[1].attempts >= 1;
        }));
    }
    f.restart();  // the host restarts while they are pending
    receiver.start();
    BOOST_REQUIRE(waitFor([&] { return receiver.count() == 7; }));
    std::this_thread::sleep_for(300ms);
    BOOST_TEST(receiver.count() == 7u);
    BOOST_TEST(keys(receiver).size() == 7u);
    BOOST_TEST(f.store->outbox().countInState(OutboxState::Delivered) == 7);
}

BOOST_AUTO_TEST_CASE(attendance_export_writes_first_in_and_last_out_per_person_and_day) {
    ScriptFixture f;
    f.config->setString("script.attendance_export.tz", "utc");
    f.writeScript("attendance_export", shippedScript("attendance_export"));
    f.up();
    f.store->persons().save(person(7, "Rose, L."));
    f.store->persons().save(person(8, "=Tom"));
    {
        Intake intake(f);
        const std::int64_t day = 1714521600000;  // 2024-05-01 00:00 UTC
        intake.record("a", 7, day + 8 * 3600000);            // 08:00
        intake.record("b", 7, day + 12 * 3600000);           // 12:00
        intake.record("c", 7, day + 17 * 3600000 + 30000);   // 17:00:30
        intake.record("d", 8, day + 9 * 3600000);            // 09:00, only one punch
        intake.record("e", 7, day + 24 * 3600000 + 60000);   // the next day: not in the sheet
        intake.record("f", 8, day - 60000);                  // the day before
    }
    const auto run = *f.host->testRun("attendance_export", "attendance.export", R"({"day":"2024-05-01"})");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"persons\":2") != std::string::npos, run.resultJson);
    std::ifstream in(f.dir.file("export/attendance-2024-05-01.csv"));
    const std::string csv((std::istreambuf_iterator<char>(in)), {});
    BOOST_TEST(csv == "date,userId,code,name,department,firstIn,lastOut,punches\r\n"
                      "2024-05-01,7,,\"Rose, L.\",Assembly,08:00:00,17:00:30,3\r\n"
                      "2024-05-01,8,,'=Tom,Assembly,09:00:00,,1\r\n",
               csv);
}

BOOST_AUTO_TEST_CASE(hr_sync_upserts_the_listed_persons_and_removes_those_gone) {
    HttpReceiver hr;
    std::string list = R"({"persons":[{"userId":101,"name":"Ann","department":"HR","cards":["9001"]},
                                      {"userId":102,"name":"Bob","department":"Sales"}]})";
    std::mutex listMutex;
    hr.setHandler([&](const ReceivedRequest&) {
        std::lock_guard lock(listMutex);
        return ReceiverReply{200, list, "application/json"};
    });
    ScriptFixture f;
    f.config->setString("script.hr_sync.url", hr.url("/api/persons"));
    f.config->setString("script.hr_sync.interval_s", "0.2");
    f.writeScript("hr_sync", shippedScript("hr_sync"));
    f.up();
    f.store->persons().save(person(5, "Entered on the admin page"));
    BOOST_REQUIRE(waitFor([&] { return f.store->persons().find(102).has_value(); }));
    const auto ann = *f.store->persons().find(101);
    BOOST_TEST(ann.name == "Ann");
    BOOST_TEST(ann.department == "HR");
    BOOST_REQUIRE(ann.credentials.size() == 1u);
    BOOST_TEST(ann.credentials[0].value == "9001");
    // Unchanged persons are not saved again on the next rounds.
    const auto requests = hr.count();
    BOOST_REQUIRE(waitFor([&] { return hr.count() >= requests + 2; }));
    BOOST_TEST(f.store->persons().find(101)->version == ann.version);

    {
        std::lock_guard lock(listMutex);
        list = R"([{"userId":101,"name":"Ann","department":"Finance","cards":["9001"]}])";
    }
    BOOST_REQUIRE(waitFor([&] { return !f.store->persons().find(102).has_value(); }));
    BOOST_TEST(waitFor([&] { return f.store->persons().find(101)->department == "Finance"; }));
    BOOST_TEST(f.store->persons().find(5).has_value());  // not HR's to remove
    BOOST_TEST(f.host->status("hr_sync")->errors == 0u);
}

BOOST_AUTO_TEST_CASE(sms_alert_texts_on_a_blacklisted_person_and_on_an_alarm) {
    HttpReceiver gateway;
    ScriptFixture f;
    f.scriptOptions.sms.url = gateway.url("/send?to={to}");
    f.config->setString("script.sms_alert.to", "+8613800000001, +8613800000002");
    f.writeScript("sms_alert", shippedScript("sms_alert"));
    f.up();
    f.store->persons().save(person(66, "Mallory", "blacklist"));
    f.store->persons().save(person(67, "Alice"));
    {
        Intake intake(f);
        intake.record("r1", 67, 1718589600000);  // nobody to warn about
        intake.record("r2", 66, 1718589601000);
    }
    BOOST_REQUIRE(waitFor([&] { return gateway.count() == 2; }));
    const auto texts = gateway.requests();
    std::set<std::string> uris;
    for (const auto& r : texts) {
        uris.insert(r.uri);
        const auto body = Poco::JSON::Parser().parse(r.body).extract<Poco::JSON::Object::Ptr>();
        BOOST_TEST(body->getValue<std::string>("text").find("[Passway] blacklisted Mallory (66)") == 0u, r.body);
    }
    BOOST_TEST(uris.count("/send?to=%2B8613800000001") == 1u);
    BOOST_TEST(uris.count("/send?to=%2B8613800000002") == 1u);

    f.bus->publish("device.alarm", R"({"deviceId":999,"serial":"SN999","alarm":"tamper","source":"system"})", "httpv2");
    BOOST_REQUIRE(waitFor([&] { return gateway.count() == 4; }));
    BOOST_TEST(gateway.requests().back().body.find("alarm tamper at device 999") != std::string::npos,
               gateway.requests().back().body);
}

BOOST_AUTO_TEST_CASE(shift_rule_refuses_outside_the_shift_and_leaves_the_rest_to_the_built_in_rules) {
    ScriptFixture f;
    f.config->setString("script.shift_rule.shift", "08:00-18:00");
    f.config->setString("script.shift_rule.days", "1-5");
    f.writeScript("shift_rule", shippedScript("shift_rule"));
    f.up();
    BOOST_REQUIRE_MESSAGE(f.state("shift_rule") == ScriptState::Running, f.host->status("shift_rule")->lastError);
    f.store->persons().save(person(7, "Worker"));
    f.store->persons().save(person(8, "Boss", "admin"));
    const auto ask = [&](std::uint32_t user, std::int64_t at) {
        AuthorizationRequest r;
        r.userId = user;
        r.at = at;
        r.tzMinutes = 480;  // the terminal is at UTC+8
        return f.host->authorize(r, 500ms);
    };
    BOOST_TEST(!ask(7, 1718589600000).has_value());  // Monday 10:00 local: the built-in rules decide
    const auto evening = ask(7, 1718625600000);       // Monday 20:00 local
    BOOST_REQUIRE(evening.has_value());
    BOOST_TEST(!evening->allow);
    BOOST_TEST(evening->message == "Outside your shift");
    BOOST_TEST(evening->reason == "outside_shift");
    BOOST_TEST(ask(7, 1719021600000).has_value());   // Saturday 10:00 local: no shift
    BOOST_TEST(!ask(8, 1718625600000).has_value());  // an admin is never refused by the rule
}

BOOST_AUTO_TEST_CASE(every_shipped_script_loads_idle_without_its_settings) {
    ScriptFixture f;
    for (const char* name : {"payroll", "attendance_export", "hr_sync", "sms_alert", "shift_rule"}) {
        f.writeScript(name, shippedScript(name));
    }
    f.up();
    for (const auto& s : f.host->list()) {
        BOOST_TEST(s.state == ScriptState::Running, s.name << ": " << s.lastError);
    }
    BOOST_TEST(f.host->list().size() == 5u);
}

BOOST_AUTO_TEST_CASE(attendance_export_with_a_cron_setting_loads_and_refuses_a_bad_day) {
    ScriptFixture f;
    f.config->setString("script.attendance_export.cron", "* * * * *");  // every minute: the next one is < 60 s away
    f.writeScript("attendance_export", shippedScript("attendance_export"));
    f.up();
    BOOST_REQUIRE_MESSAGE(f.state("attendance_export") == ScriptState::Running,
                          f.host->status("attendance_export")->lastError);
    const auto run = *f.host->testRun("attendance_export", "attendance.export", R"({"day":"bad"})");
    BOOST_TEST(!run.ok);
    BOOST_TEST(run.error.find("YYYY-MM-DD") != std::string::npos, run.error);
}
