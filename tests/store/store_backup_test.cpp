#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

#include "store/BlobStore.h"
#include "store/SiteBackup.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

using namespace passway;

BOOST_FIXTURE_TEST_SUITE(backup, test::StoreFixture)

BOOST_AUTO_TEST_CASE(a_backup_opened_as_a_store_has_the_same_persons_records_and_photos) {
    BlobStore blobs(dir.file("blobs"), false);  // unsynced: the test is about what is copied
    std::mutex blobRemoval;
    Person person;
    person.userId = 42;
    person.name = "Li Lei";
    person.photoBlob = blobs.put("the enrolled photo");
    store->persons().save(person);
    const auto device = addDevice("GATE-1").id;
    std::vector<Record> batch;
    for (int i = 0; i < 200; ++i) {
        Record record;
        record.deviceId = device;
        record.deviceRecordId = std::to_string(i);
        record.userId = 42;
        record.deviceTime = 1780000000000 + i;
        record.photoBlob = blobs.put("snapshot " + std::to_string(i));
        batch.push_back(record);
    }
    store->records().insertBatch(batch);

    SiteBackup backup(*store, blobs, dir.file("backups"), 2, blobRemoval);
    // Terminals keep writing while the backup runs: the copy is of one moment.
    std::atomic<bool> writing{true};
    std::thread writer([&] {
        for (int i = 1000; writing; ++i) {
            Record record;
            record.deviceId = device;
            record.deviceRecordId = std::to_string(i);
            record.deviceTime = 1790000000000 + i;
            store->records().insert(record);
        }
    });
    const BackupInfo made = backup.make();
    writing = false;
    writer.join();

    BOOST_TEST(made.blobs == 201);
    BOOST_TEST(std::filesystem::exists(made.path + "/passway.db"));
    BOOST_TEST(!std::filesystem::exists(made.path + "/passway.db-wal"));
    BOOST_TEST(sqliteIntegrityCheck(made.path + "/passway.db") == "ok");
    const auto copy = openSqliteStore(SqliteOptions{made.path + "/passway.db"});
    BlobStore copiedBlobs(made.path + "/blobs");
    BOOST_TEST(copy->persons().find(42)->name == "Li Lei");
    BOOST_TEST(*copiedBlobs.get(copy->persons().find(42)->photoBlob) == "the enrolled photo");
    RecordQuery all;
    all.limit = 1000;
    all.userId = 42;
    const auto records = copy->records().query(all);
    BOOST_TEST(records.total == 200);
    for (const auto& record : records.items) BOOST_TEST(copiedBlobs.contains(record.photoBlob));

    // backup.keep = 2: a third backup removes the first; an unchanged blob is
    // the same file (a hard link), not a second copy.
    const BackupInfo second = backup.make();
    const BackupInfo third = backup.make();
    const auto listed = backup.list();
    BOOST_REQUIRE_EQUAL(listed.size(), 2u);
    BOOST_TEST(listed[0].name == third.name);
    BOOST_TEST(listed[1].name == second.name);
    BOOST_TEST(!std::filesystem::exists(made.path));
    const auto linked = std::filesystem::path(third.path) / "blobs" / person.photoBlob.substr(0, 2) / person.photoBlob;
    BOOST_TEST(std::filesystem::hard_link_count(linked) >= 2u);
}

BOOST_AUTO_TEST_CASE(a_failed_backup_leaves_no_backup_behind) {
    BlobStore blobs(dir.file("blobs"));
    std::mutex blobRemoval;
    // backup.dir is a file: nothing can be created under it.
    { std::ofstream(dir.file("not-a-folder")) << "x"; }
    SiteBackup backup(*store, blobs, dir.file("not-a-folder"), 2, blobRemoval);
    BOOST_CHECK_THROW(backup.make(), StoreError);
    BOOST_TEST(backup.list().empty());
}

BOOST_AUTO_TEST_SUITE_END()
