#include <boost/test/unit_test.hpp>

// /api/v1/records: filters, paging, single records with their photo, CSV export.

#include "AdminFixture.h"

#include "admin/csv/CsvReader.h"

#include <set>

using namespace passway;
using namespace passway::test;

namespace {

struct WithRecords : AdminFixture {
    Device gate = addDevice("GATE-1");
    Device door = addDevice("DOOR-2", "tcpjson");
    std::string photoSha;
    std::int64_t photoRecordId = 0;
    static constexpr std::int64_t kBase = 1700000000000;  // unix ms

    WithRecords() {
        photoSha = blobs->put(fakeJpeg(4096));
        std::vector<Record> batch;
        for (int i = 0; i < 30; ++i) {
            Record r;
            r.deviceId = i % 3 == 0 ? door.id : gate.id;
            r.deviceRecordId = "r" + std::to_string(i);
            if (i % 5 != 4) r.userId = 100 + (i % 4);
            r.deviceTime = kBase + i * 60000;
            r.verifyType = i % 2 ? "face" : "card";
            r.direction = "in";
            r.result = i % 10 == 9 ? "refused" : "pass";
            if (r.result == "refused") r.reason = "expired";
            if (i == 7) {
                r.temperature = 36.6;
                r.photoBlob = photoSha;
                r.raw = R"({"EventID":7,"Similarity":93})";
            }
            batch.push_back(r);
        }
        const auto inserted = store->records().insertBatch(batch);
        photoRecordId = inserted[7].id;
    }
};

int total(const Response& reply) { return reply.json()->getValue<int>("total"); }

} // namespace

BOOST_FIXTURE_TEST_SUITE(records, WithRecords)

BOOST_AUTO_TEST_CASE(filters_combine) {
    BOOST_TEST(total(admin("GET", "/api/v1/records")) == 30);
    BOOST_TEST(total(admin("GET", "/api/v1/records?deviceId=" + std::to_string(door.id))) == 10);
    BOOST_TEST(total(admin("GET", "/api/v1/records?userId=101")) == 6);
    BOOST_TEST(total(admin("GET", "/api/v1/records?verifyType=face")) == 15);
    BOOST_TEST(total(admin("GET", "/api/v1/records?result=refused")) == 3);
    // [from, to): minutes 10..19
    const std::string window =
        "from=" + std::to_string(kBase + 10 * 60000) + "&to=" + std::to_string(kBase + 20 * 60000);
    BOOST_TEST(total(admin("GET", "/api/v1/records?" + window)) == 10);
    BOOST_TEST(total(admin("GET", "/api/v1/records?" + window + "&verifyType=card")) == 5);
    BOOST_TEST(admin("GET", "/api/v1/records?from=yesterday").errorField() == "from");
    BOOST_TEST(admin("GET", "/api/v1/records?from=10&to=5").errorField() == "to");
}

BOOST_AUTO_TEST_CASE(pages_are_newest_first) {
    const auto page = admin("GET", "/api/v1/records?limit=7&offset=0");
    BOOST_TEST(page.items()->size() == 7u);
    BOOST_TEST(page.items()->getObject(0)->getValue<std::int64_t>("deviceTime") == kBase + 29 * 60000);
    std::set<std::int64_t> ids;
    for (int offset = 0; offset < 30; offset += 7) {
        const auto items = admin("GET", "/api/v1/records?limit=7&offset=" + std::to_string(offset)).items();
        for (unsigned i = 0; i < items->size(); ++i) ids.insert(items->getObject(i)->getValue<std::int64_t>("id"));
    }
    BOOST_TEST(ids.size() == 30u);
}

BOOST_AUTO_TEST_CASE(one_record_with_raw_payload_and_photo) {
    const std::string path = "/api/v1/records/" + std::to_string(photoRecordId);
    const auto one = admin("GET", path);
    BOOST_TEST(one.status == 200);
    const auto body = one.json();
    BOOST_TEST(body->getValue<std::string>("photo") == photoSha);
    BOOST_TEST(body->getValue<double>("temperature") == 36.6);
    BOOST_TEST(body->getObject("raw")->getValue<int>("Similarity") == 93);
    const auto photo = admin("GET", path + "/photo");
    BOOST_TEST(photo.status == 200);
    BOOST_TEST(photo.contentType == "image/jpeg");
    BOOST_TEST(photo.body == fakeJpeg(4096));

    const auto list = admin("GET", "/api/v1/records?limit=1");
    BOOST_TEST(!list.items()->getObject(0)->has("raw"));  // lists stay light
    BOOST_TEST(admin("GET", "/api/v1/records/" + std::to_string(photoRecordId + 1) + "/photo").status == 404);
    BOOST_TEST(admin("GET", "/api/v1/records/999999").status == 404);
    const auto viewer = userToken("rita", "viewer");
    BOOST_TEST(call("GET", path + "/photo", "", viewer).status == 200);
    BOOST_TEST(call("GET", path + "/photo").status == 401);
}

BOOST_AUTO_TEST_CASE(csv_export_streams_matches_with_the_same_filters) {
    const auto all = admin("GET", "/api/v1/records/export.csv");
    BOOST_TEST(all.status == 200);
    BOOST_TEST(all.contentType.find("text/csv") == 0u);
    BOOST_TEST(all.header("Transfer-Encoding") == "chunked");
    admin::CsvReader reader(all.body);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> fields;
    while (reader.next(fields)) rows.push_back(fields);
    BOOST_REQUIRE_EQUAL(rows.size(), 31u);
    BOOST_TEST(rows[0][0] == "id");
    BOOST_TEST(rows[0][5] == "deviceTimeUtc");
    BOOST_TEST(rows[1][4] == std::to_string(kBase + 29 * 60000));
    BOOST_TEST(rows[1][5] == "2023-11-14T22:42:20.000Z");

    const auto refused = admin("GET", "/api/v1/records/export.csv?result=refused&deviceId=" + std::to_string(gate.id));
    admin::CsvReader r2(refused.body);
    int count = -1;  // the header
    while (r2.next(fields)) {
        ++count;
        if (count > 0) BOOST_TEST(fields[10] == "refused");
    }
    BOOST_TEST(count == 2);  // i = 19 and 29 are on the gate; 9 is on the door
}

BOOST_AUTO_TEST_CASE(csv_export_of_many_records_has_each_exactly_once) {
    std::vector<Record> batch;
    for (int i = 0; i < 2500; ++i) {
        Record r;
        r.deviceId = gate.id;
        r.deviceRecordId = "bulk" + std::to_string(i);
        r.deviceTime = kBase + 1000000000 + (i / 3) * 1000;  // ties on deviceTime across page boundaries
        r.verifyType = "card";
        batch.push_back(r);
    }
    store->records().insertBatch(batch);
    const auto reply = admin("GET", "/api/v1/records/export.csv?verifyType=card");
    admin::CsvReader reader(reply.body);
    std::vector<std::string> fields;
    std::set<std::string> ids;
    int rows = 0;
    reader.next(fields);
    while (reader.next(fields)) {
        ++rows;
        ids.insert(fields[0]);
    }
    BOOST_TEST(rows == 2515);
    BOOST_TEST(ids.size() == 2515u);
}

BOOST_AUTO_TEST_SUITE_END()
