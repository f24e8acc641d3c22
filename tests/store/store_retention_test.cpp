#include <boost/test/unit_test.hpp>

#include "SqlitePlan.h"
#include "StoreFixture.h"

#include "store/BlobStore.h"
#include "store/RecordRetention.h"
#include "store/sql/BlobInUse.h"

#include <mutex>

using namespace passway;

namespace {

Record received(std::int64_t deviceId, int number, std::int64_t at, const std::string& photo) {
    Record record;
    record.deviceId = deviceId;
    record.deviceRecordId = std::to_string(number);
    record.userId = 7;
    record.deviceTime = at;
    record.receivedTime = at;
    record.photoBlob = photo;
    return record;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(retention, test::StoreFixture)

BOOST_AUTO_TEST_CASE(old_records_go_in_batches_with_the_photos_nothing_else_uses) {
    BlobStore blobs(dir.file("blobs"));
    std::mutex blobRemoval;
    const auto device = addDevice("GATE-1").id;
    const std::int64_t cutoff = 1800000000000;
    // 25 old records with photos of their own, one old record whose photo a
    // new record shares, one whose photo is also a person's, and new ones.
    std::vector<std::string> oldPhotos;
    for (int i = 0; i < 25; ++i) {
        oldPhotos.push_back(blobs.put("old photo " + std::to_string(i)));
        store->records().insert(received(device, i, cutoff - 1000000 + i, oldPhotos.back()));
    }
    const std::string shared = blobs.put("shared photo");
    store->records().insert(received(device, 100, cutoff - 10, shared));
    store->records().insert(received(device, 101, cutoff + 10, shared));
    const std::string personPhoto = blobs.put("person photo");
    Person person;
    person.userId = 7;
    person.name = "Li Lei";
    person.photoBlob = personPhoto;
    store->persons().save(person);
    store->records().insert(received(device, 102, cutoff - 5, personPhoto));
    const std::string newPhoto = blobs.put("new photo");
    store->records().insert(received(device, 103, cutoff, newPhoto));  // not before the cutoff: stays
    BOOST_TEST(store->records().count() == 29);

    RecordRetention retention(*store, blobs, blobRemoval, 10);  // 3 batches for 27 records
    const RetentionRun run = retention.prune(cutoff);
    BOOST_TEST(run.records == 27);
    BOOST_TEST(run.photos == 25);
    BOOST_TEST(store->records().count() == 2);
    for (const auto& photo : oldPhotos) BOOST_TEST(!blobs.contains(photo));
    BOOST_TEST(blobs.contains(shared));
    BOOST_TEST(blobs.contains(personPhoto));
    BOOST_TEST(blobs.contains(newPhoto));
    BOOST_TEST(*store->records().oldestReceived() == cutoff);

    // Nothing left to do: a second pass deletes nothing.
    const RetentionRun again = retention.prune(cutoff);
    BOOST_TEST(again.records == 0);
    BOOST_TEST(again.photos == 0);
}

// Each photo a batch frees is looked up in four tables: every lookup must
// search an index. (It scanned records, persons and credentials whole, once
// per photo: hours with the store locked on a site with millions of records.)
// SQLite's plan; PostgreSQL plans by table statistics (a tiny test table is
// scanned whatever the indexes), and the same condition serves it.
BOOST_AUTO_TEST_CASE(the_check_that_a_photo_is_still_used_searches_indexes,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                         return !test::testingPostgresql();
                     })) {
    store.reset();  // the migrated file, read here directly
    int searches = 0;
    for (const auto& step : test::sqlitePlan(path, kBlobInUseSql)) {
        BOOST_TEST(!test::scansTable(step), step);
        if (step.rfind("SEARCH", 0) == 0) {
            BOOST_TEST(step.find("USING") != std::string::npos, step);
            ++searches;
        }
    }
    BOOST_TEST(searches == 4);
}

BOOST_AUTO_TEST_CASE(a_pass_stops_between_batches_when_asked) {
    BlobStore blobs(dir.file("blobs"));
    std::mutex blobRemoval;
    const auto device = addDevice("GATE-1").id;
    for (int i = 0; i < 30; ++i) store->records().insert(received(device, i, 1000 + i, ""));
    RecordRetention retention(*store, blobs, blobRemoval, 10);
    int batches = 0;
    const RetentionRun run = retention.prune(5000, [&] { return ++batches > 1; });
    BOOST_TEST(run.records == 10);
    BOOST_TEST(store->records().count() == 20);
    BOOST_TEST(*store->records().oldestReceived() == 1010);
}

BOOST_AUTO_TEST_SUITE_END()
