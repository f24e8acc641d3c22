#include <boost/test/unit_test.hpp>

// Records through the HTTPv2 protocol, end to end: multipart uploads with a
// gzipped detail part and a JPEG land in /api/v1/records with the photo
// downloadable byte for byte, a RecordID sent twice is stored once, both
// spellings of the fields are accepted, system records and online
// authorization are answered. A RecordID the terminal numbers again after
// ClearRecord is a new record; RecordType 25 names a card, not a person.

#include "Httpv2Site.h"

#include "sim/httpv2/HttpConnection.h"

#include <cstdlib>
#include <map>
#include <set>

using namespace passway::test;

namespace {

sim::RecordSpec faceRecord(std::uint64_t recordId, const std::string& userId, const std::string& photo) {
    sim::RecordSpec r;
    r.recordId = recordId;
    r.recordType = 3;
    r.recordDate = 1718616771;
    r.userId = userId;
    r.name = "user " + userId;
    r.isEntry = 1;
    r.bodyTemp = 365;
    r.photo = photo;
    return r;
}

Poco::JSON::Object::Ptr onlyRecord(const Httpv2Site& site, std::int64_t deviceId) {
    const auto items = site.records(deviceId);
    BOOST_REQUIRE_EQUAL(items->size(), 1u);
    return items->getObject(0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_record_with_a_gzipped_detail_and_a_photo_is_stored_once_with_its_photo) {
    Httpv2Site site;
    const std::string jpeg = Faces::copy(site.dir, "train_rose_leslie_img1.jpg");
    auto terminal = site.activeTerminal("FC-8190H24060001");
    const auto deviceId = site.deviceId("FC-8190H24060001");

    terminal->addRecord(faceRecord(120, "1", jpeg));
    const auto report = terminal->runSession();
    BOOST_REQUIRE_MESSAGE(report.recordsUploaded == 1,
                          "upload answered: " + terminal->model().calls().back().replyBody);

    const auto record = onlyRecord(site, deviceId);
    BOOST_TEST(record->getValue<std::string>("deviceRecordId") == "120");
    BOOST_TEST(record->getValue<std::uint32_t>("userId") == 1u);
    BOOST_TEST(record->getValue<std::int64_t>("deviceTime") == 1718616771000);  // RecordDate is unix seconds
    BOOST_TEST(record->getValue<std::string>("verifyType") == "face");
    BOOST_TEST(record->getValue<std::string>("direction") == "in");
    BOOST_TEST(record->getValue<double>("temperature") == 36.5);  // BodyTemp is tenths of a degree
    BOOST_REQUIRE(!record->isNull("photo"));
    const auto photo = site.api("GET", "/records/" + std::to_string(record->getValue<std::int64_t>("id")) + "/photo");
    BOOST_TEST(photo.status == 200);
    BOOST_TEST(photo.contentType == "image/jpeg");
    BOOST_TEST((photo.body == jpeg), "photo bytes differ: " << photo.body.size() << " vs " << jpeg.size());

    // The terminal did not hear the answer and sends the same RecordID again: acknowledged, stored once.
    terminal->addRecord(faceRecord(120, "1", jpeg));
    BOOST_TEST(terminal->runSession().recordsUploaded == 1);
    BOOST_TEST(site.records(deviceId)->size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_examples_field_names_and_an_uncompressed_detail_are_accepted) {
    Httpv2Site site;
    const std::string jpeg = Faces::copy(site.dir, "Anthony_Hopkins_0001.jpg");
    auto examples = site.activeTerminal("FC-8190H24060002", [](sim::TerminalOptions& o) {
        o.wire = sim::WireOptions::exampleFieldNames();  // recordJson + pic
    });
    auto plain = site.activeTerminal("FC-8190H24060003", [](sim::TerminalOptions& o) {
        o.wire.gzipDetail = false;
        o.wire.gzipJson = false;
    });
    examples->addRecord(faceRecord(7, "2", jpeg));
    plain->addRecord(faceRecord(8, "3", jpeg));
    plain->addRecord(faceRecord(9, "", ""));  // an unregistered face, no photo
    BOOST_TEST(examples->runSession().recordsUploaded == 1);
    BOOST_TEST(plain->runSession().recordsUploaded == 2);

    const auto fromExamples = onlyRecord(site, site.deviceId("FC-8190H24060002"));
    BOOST_TEST(fromExamples->getValue<std::string>("deviceRecordId") == "7");
    const auto photo =
        site.api("GET", "/records/" + std::to_string(fromExamples->getValue<std::int64_t>("id")) + "/photo");
    BOOST_TEST((photo.body == jpeg));
    BOOST_TEST(site.records(site.deviceId("FC-8190H24060003"))->size() == 2u);
}

BOOST_AUTO_TEST_CASE(records_held_back_while_the_terminal_was_pending_arrive_after_activation) {
    Httpv2Site site;
    auto terminal = std::make_unique<sim::Terminal>(site.terminalOptions("FC-8190H24060004"));
    terminal->addRecord(faceRecord(1, "5", ""));
    const auto refused = terminal->runSession();
    BOOST_TEST(refused.keepaliveSuccess == 401);
    BOOST_TEST(refused.recordsUploaded == 0);
    BOOST_TEST(refused.steps == std::vector<std::string>{"/Device/Keepalive"}, boost::test_tools::per_element());

    // Sent anyway (a terminal that ignores the answer): refused and not stored.
    sim::HttpConnection direct("127.0.0.1", site.devicePort);
    const auto answer = direct.exchange(
        terminal->wire().record("/Record/UploadIdentifyRecord", "FC-8190H24060004", faceRecord(2, "5", "")));
    BOOST_TEST(answer.success() != 1, answer.body);
    BOOST_TEST(site.records(site.deviceId("FC-8190H24060004"))->size() == 0u);
    site.activate("FC-8190H24060004");
    // The plugin hears of the activation through device.state.changed, which
    // may come after the terminal's next keepalive: sessions until accepted.
    BOOST_TEST(terminal->runUntil([&] { return terminal->lastReport().keepaliveSuccess == 1; }, 10s));
    BOOST_TEST(terminal->lastReport().recordsUploaded == 1);
    BOOST_TEST(site.records(site.deviceId("FC-8190H24060004"))->size() == 1u);
}

BOOST_AUTO_TEST_CASE(system_records_are_acknowledged) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24060005");
    terminal->model().addSystemRecord(1, 1);   // 门磁-开门
    terminal->model().addSystemRecord(1, 2);   // 门磁-关门
    terminal->model().addSystemRecord(2, 28);  // 系统加电
    terminal->runSession();
    BOOST_TEST(terminal->model().pendingSystemRecords().empty());
    int batches = 0;
    for (const auto& call : terminal->model().calls()) {
        if (call.path != "/Record/UploadSystemRecord") continue;
        ++batches;
        BOOST_TEST(call.success == 1, call.replyBody);
    }
    BOOST_TEST(batches == 2);  // one per RecordType
}

BOOST_AUTO_TEST_CASE(online_authorization_answers_with_the_documents_success_values) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24060006");
    const auto verdict = terminal->requestAuthorization(faceRecord(0, "1", ""));
    BOOST_TEST(verdict.error.empty(), verdict.error);
    BOOST_TEST(verdict.httpStatus == 200);
    BOOST_TEST((verdict.success == 0 || verdict.success == 1 || verdict.success == 2),
               "Success " << verdict.success << " " << verdict.message);
}

BOOST_AUTO_TEST_CASE(a_terminal_speaking_https_uploads_its_records) {
    // The document: TLS 1.2 and 1.3. A self-signed certificate made for the test.
    TempDir keys("httpv2-tls");
    const std::string key = keys.file("key.pem"), cert = keys.file("cert.pem");
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
                             " -out " + cert + " >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0) {
        BOOST_TEST_MESSAGE("openssl is not available; HTTPS not checked");
        return;
    }
    Httpv2Site site({"--set", "plugin.httpv2.tls.enabled=true", "--set", "plugin.httpv2.tls.certificate=" + cert,
                     "--set", "plugin.httpv2.tls.private_key=" + key});
    auto terminal = site.activeTerminal("FC-8190H24060007", [](sim::TerminalOptions& o) { o.tls = true; });
    terminal->addRecord(faceRecord(31, "1", ""));
    BOOST_TEST(terminal->runSession().recordsUploaded == 1);
    BOOST_TEST(site.records(site.deviceId("FC-8190H24060007"))->size() == 1u);
}

BOOST_AUTO_TEST_CASE(record_numbers_reused_after_clear_record_are_new_records_and_retries_are_not) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24060008");
    const auto deviceId = site.deviceId("FC-8190H24060008");
    const auto numbered = [](std::int64_t date, const std::string& userId) {
        sim::RecordSpec r;  // recordId 0: the terminal numbers it
        r.recordType = 3;
        r.recordDate = date;
        r.userId = userId;
        return r;
    };
    BOOST_TEST(terminal->addRecord(numbered(1718616000, "1")) == 1u);
    BOOST_TEST(terminal->addRecord(numbered(1718616060, "2")) == 2u);
    terminal->model().addSystemRecord(2, 28);  // 系统加电: system RecordID 1
    BOOST_TEST(terminal->runSession().recordsUploaded == 2);
    BOOST_REQUIRE(terminal->model().pendingSystemRecords().empty());
    BOOST_REQUIRE_EQUAL(site.records(deviceId)->size(), 3u);

    // ClearRecord: the terminal deletes its records and numbers from 1 again.
    const auto clear = site.api("POST", "/devices/" + std::to_string(deviceId) + "/commands", R"({"kind":"clear_records"})");
    BOOST_REQUIRE_MESSAGE(clear.status == 201, clear.body);
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().records().empty(); }, 10s));
    BOOST_TEST(terminal->addRecord(numbered(1718619600, "3")) == 1u);  // RecordID 1 again, another punch
    BOOST_TEST(terminal->addRecord(numbered(1718619660, "1")) == 2u);
    terminal->model().addSystemRecord(2, 29);  // system RecordID 1 again, another event
    BOOST_TEST(terminal->runSession().recordsUploaded == 2);
    BOOST_REQUIRE(terminal->model().pendingSystemRecords().empty());

    // Every punch is stored: none was acknowledged and dropped.
    const auto items = site.records(deviceId);
    BOOST_REQUIRE_EQUAL(items->size(), 6u);
    std::multiset<std::string> seen;
    for (unsigned i = 0; i < items->size(); ++i) {
        const auto r = items->getObject(i);
        seen.insert(r->getValue<std::string>("deviceRecordId") + "@" + std::to_string(r->getValue<std::int64_t>("deviceTime") / 1000));
    }
    BOOST_TEST(seen.count("1@1718616000") == 1u);
    BOOST_TEST(seen.count("1@1718619600") == 1u);
    BOOST_TEST(seen.count("2@1718616060") == 1u);
    BOOST_TEST(seen.count("2@1718619660") == 1u);

    // The terminal did not hear the answers and sends them all again (RepostRecord): retries, stored once.
    terminal->model().repostRecords();
    BOOST_TEST(terminal->runSession().recordsUploaded == 2);
    BOOST_TEST(terminal->model().pendingSystemRecords().empty());
    BOOST_TEST(site.records(deviceId)->size() == 6u);
}

BOOST_AUTO_TEST_CASE(a_free_open_record_keeps_its_user_id_as_the_card_and_finds_the_cards_owner) {
    Httpv2Site site;
    const auto created = site.api("POST", "/persons",
                                  R"({"userId":51,"name":"Card Owner","credentials":[{"kind":"card","value":"12345678"}]})");
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    auto terminal = site.activeTerminal("FC-8190H24060009");
    const auto deviceId = site.deviceId("FC-8190H24060009");
    // RecordType 25 免验证开门: "刷卡时用户号是卡号" -- the UserID is the card swiped...
    sim::RecordSpec swiped;
    swiped.recordId = 40;
    swiped.recordType = 25;
    swiped.recordDate = 1718616771;
    swiped.userId = "12345678";
    terminal->addRecord(swiped);
    // ...and "按指纹时用户号为0": nobody.
    sim::RecordSpec finger = swiped;
    finger.recordId = 41;
    finger.userId = "0";
    terminal->addRecord(finger);
    BOOST_TEST(terminal->runSession().recordsUploaded == 2);

    std::map<std::string, Poco::JSON::Object::Ptr> byId;
    const auto items = site.records(deviceId);
    for (unsigned i = 0; i < items->size(); ++i) byId[items->getObject(i)->getValue<std::string>("deviceRecordId")] = items->getObject(i);
    BOOST_REQUIRE(byId.count("40") == 1u);
    BOOST_REQUIRE(byId.count("41") == 1u);
    BOOST_TEST(byId["40"]->getValue<std::string>("card") == "12345678");
    BOOST_TEST(!byId["40"]->isNull("userId"));
    BOOST_TEST(byId["40"]->getValue<std::uint32_t>("userId") == 51u);  // the card's owner, not person 12345678
    BOOST_TEST(byId["40"]->getValue<std::string>("reason") == "free_open");
    BOOST_TEST(byId["41"]->isNull("userId"));
    BOOST_TEST(byId["41"]->isNull("card"));
}
