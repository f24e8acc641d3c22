#include <boost/test/unit_test.hpp>

#include "ReadMeanwhile.h"
#include "StoreFixture.h"

#include "passway/Clock.h"

#include <set>
#include <thread>

using namespace passway;

namespace {

Record makeRecord(std::int64_t deviceId, const std::string& deviceRecordId, std::int64_t deviceTime) {
    Record record;
    record.deviceId = deviceId;
    record.deviceRecordId = deviceRecordId;
    record.deviceTime = deviceTime;
    record.verifyType = "face";
    return record;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(records, test::StoreFixture)

BOOST_AUTO_TEST_CASE(insert_round_trips_every_field) {
    Record record = makeRecord(3, "dev-rec-1", 1700000000500);
    record.userId = 42;
    record.direction = "in";
    record.temperature = 36.6;
    record.photoBlob = std::string(64, 'c');
    record.result = "refused";
    record.reason = "expired";
    record.raw = R"({"RecordID":1})";
    const std::int64_t before = nowMillis();
    const RecordInsert inserted = store->records().insert(record);
    BOOST_TEST(inserted.created);
    BOOST_TEST(inserted.id > 0);

    const auto found = store->records().find(inserted.id);
    BOOST_REQUIRE(found);
    BOOST_TEST(found->deviceId == 3);
    BOOST_TEST(found->deviceRecordId == "dev-rec-1");
    BOOST_TEST(*found->userId == 42u);
    BOOST_TEST(found->deviceTime == 1700000000500);
    BOOST_TEST(found->receivedTime >= before);  // filled by the store
    BOOST_TEST(found->verifyType == "face");
    BOOST_TEST(found->direction == "in");
    BOOST_TEST(*found->temperature == 36.6);
    BOOST_TEST(found->photoBlob == record.photoBlob);
    BOOST_TEST(found->result == "refused");
    BOOST_TEST(found->reason == "expired");
    BOOST_TEST(found->raw == record.raw);

    Record bare = makeRecord(3, "dev-rec-2", 1);
    bare.receivedTime = 77;  // given: kept
    const auto stored = store->records().find(store->records().insert(bare).id);
    BOOST_TEST(!stored->userId.has_value());
    BOOST_TEST(!stored->temperature.has_value());
    BOOST_TEST(stored->receivedTime == 77);
    BOOST_TEST(!store->records().find(inserted.id + 100).has_value());
}

BOOST_AUTO_TEST_CASE(insert_is_idempotent_per_device_record_id_and_content) {
    const RecordInsert first = store->records().insert(makeRecord(1, "A", 100));
    const RecordInsert retry = store->records().insert(makeRecord(1, "A", 100));  // the same record again
    BOOST_TEST(first.created);
    BOOST_TEST(!retry.created);
    BOOST_TEST(retry.id == first.id);

    // The terminal numbered its records again (ClearRecord, a factory reset,
    // a wrap-around): the number is reused by another punch, a new record.
    const RecordInsert reused = store->records().insert(makeRecord(1, "A", 999));
    BOOST_TEST(reused.created);
    BOOST_TEST(reused.id != first.id);
    BOOST_TEST(store->records().find(first.id)->deviceTime == 100);
    BOOST_TEST(store->records().find(reused.id)->deviceTime == 999);
    BOOST_TEST(!store->records().insert(makeRecord(1, "A", 999)).created);  // and its retry is one too

    // The same id from another device is another record.
    BOOST_TEST(store->records().insert(makeRecord(2, "A", 100)).created);
    // No device record id: no idempotency key, always a new record.
    const RecordInsert x = store->records().insert(makeRecord(1, "", 100));
    const RecordInsert y = store->records().insert(makeRecord(1, "", 100));
    BOOST_TEST(x.created);
    BOOST_TEST(y.created);
    BOOST_TEST(x.id != y.id);
    BOOST_TEST(store->records().count() == 5);
}

BOOST_AUTO_TEST_CASE(a_plugins_identity_decides_what_is_the_same_record) {
    Record a = makeRecord(1, "7", 100);
    a.identity = "RecordDate=100|UserID=1";
    Record sameNumberOtherPerson = a;
    sameNumberOtherPerson.identity = "RecordDate=100|UserID=2";
    sameNumberOtherPerson.userId = 2;
    BOOST_TEST(store->records().insert(a).created);
    BOOST_TEST(store->records().insert(sameNumberOtherPerson).created);
    // The identity alone decides: the canonical fields a plugin read differently do not.
    Record retry = a;
    retry.verifyType = "card";
    BOOST_TEST(!store->records().insert(retry).created);
    // A very long identity is kept as its digest and still compared.
    Record longOne = makeRecord(1, "8", 100);
    longOne.identity = std::string(5000, 'x');
    const auto stored = store->records().insert(longOne);
    BOOST_TEST(stored.created);
    BOOST_TEST(store->records().insert(longOne).id == stored.id);
    BOOST_TEST(store->records().count() == 3);
}

BOOST_AUTO_TEST_CASE(the_card_of_a_record_is_stored) {
    Record carded = makeRecord(1, "c1", 100);
    carded.card = "12345678";
    const auto inserted = store->records().insert(carded);
    BOOST_TEST(store->records().find(inserted.id)->card == "12345678");
    BOOST_TEST(store->records().find(store->records().insert(makeRecord(1, "c2", 100)).id)->card.empty());
}

BOOST_AUTO_TEST_CASE(insert_batch_is_idempotent_within_and_across_batches) {
    const RecordInsert existing = store->records().insert(makeRecord(1, "old", 1));
    const auto results = store->records().insertBatch({
        makeRecord(1, "b1", 10),
        makeRecord(1, "old", 1),   // stored before the batch
        makeRecord(1, "b2", 12),
        makeRecord(1, "b1", 10),   // a duplicate inside the batch
        makeRecord(1, "", 14),
        makeRecord(1, "", 15),
        makeRecord(1, "b1", 13),   // b1 reused by another record inside the batch
    });
    BOOST_REQUIRE_EQUAL(results.size(), 7u);
    BOOST_TEST(results[0].created);
    BOOST_TEST(!results[1].created);
    BOOST_TEST(results[1].id == existing.id);
    BOOST_TEST(results[2].created);
    BOOST_TEST(!results[3].created);
    BOOST_TEST(results[3].id == results[0].id);
    BOOST_TEST(results[4].created);
    BOOST_TEST(results[5].created);
    BOOST_TEST(results[4].id != results[5].id);
    BOOST_TEST(results[6].created);
    BOOST_TEST(store->records().count() == 6);

    // The whole batch again creates nothing.
    const auto again = store->records().insertBatch({makeRecord(1, "b1", 10), makeRecord(1, "b2", 12),
                                                     makeRecord(1, "b1", 13)});
    BOOST_TEST(!again[0].created);
    BOOST_TEST(!again[1].created);
    BOOST_TEST(!again[2].created);
    BOOST_TEST(again[0].id == results[0].id);
    BOOST_TEST(again[2].id == results[6].id);
    BOOST_TEST(store->records().insertBatch({}).empty());
    BOOST_TEST(store->records().count() == 6);
}

BOOST_AUTO_TEST_CASE(query_filters_newest_first_and_pages_with_a_total) {
    std::vector<Record> batch;
    for (int i = 0; i < 30; ++i) {
        Record record = makeRecord(i % 3 + 1, "r" + std::to_string(i), 1000 + i * 10);
        record.userId = static_cast<std::uint32_t>(i % 5 + 1);
        record.verifyType = i % 2 ? "card" : "face";
        record.result = i % 10 == 0 ? "refused" : "pass";
        batch.push_back(record);
    }
    store->records().insertBatch(batch);

    RecordQuery query;
    query.limit = 7;
    auto page = store->records().query(query);
    BOOST_TEST(page.total == 30);
    BOOST_REQUIRE_EQUAL(page.items.size(), 7u);
    BOOST_TEST(page.items[0].deviceTime == 1290);
    BOOST_TEST(page.items[6].deviceTime == 1230);
    query.offset = 28;
    page = store->records().query(query);
    BOOST_TEST(page.items.size() == 2u);
    BOOST_TEST(page.items.back().deviceTime == 1000);

    RecordQuery window;
    window.from = 1050;
    window.to = 1150;  // exclusive
    window.limit = 100;
    page = store->records().query(window);
    BOOST_TEST(page.total == 10);
    BOOST_TEST(page.items.front().deviceTime == 1140);
    BOOST_TEST(page.items.back().deviceTime == 1050);

    RecordQuery narrow;
    narrow.deviceId = 2;       // i % 3 == 1
    narrow.userId = 2;         // i % 5 == 1
    narrow.limit = 100;
    page = store->records().query(narrow);
    // i in {1, 16}
    BOOST_REQUIRE_EQUAL(page.items.size(), 2u);
    BOOST_TEST(page.items[0].deviceRecordId == "r16");
    BOOST_TEST(page.items[1].deviceRecordId == "r1");
    narrow.verifyType = "card";  // odd i only
    page = store->records().query(narrow);
    BOOST_REQUIRE_EQUAL(page.items.size(), 1u);
    BOOST_TEST(page.items[0].deviceRecordId == "r1");
    BOOST_TEST(page.total == 1);

    RecordQuery refused;
    refused.result = "refused";
    BOOST_TEST(store->records().query(refused).total == 3);

    RecordQuery countOnly;
    countOnly.limit = 0;
    page = store->records().query(countOnly);
    BOOST_TEST(page.items.empty());
    BOOST_TEST(page.total == 30);
}

BOOST_AUTO_TEST_CASE(concurrent_writers_create_each_record_once) {
    // Four threads insert overlapping keys; every key ends up stored once and
    // each thread is told the same id for it.
    constexpr int kThreads = 4;
    constexpr int kKeys = 200;
    std::vector<std::vector<RecordInsert>> seen(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int k = 0; k < kKeys; ++k) {
                seen[t].push_back(store->records().insert(makeRecord(1, "k" + std::to_string(k), k)));
            }
        });
    }
    for (auto& thread : threads) thread.join();

    BOOST_TEST(store->records().count() == kKeys);
    int created = 0;
    for (int k = 0; k < kKeys; ++k) {
        std::set<std::int64_t> idsForKey;
        for (int t = 0; t < kThreads; ++t) {
            idsForKey.insert(seen[t][k].id);
            created += seen[t][k].created ? 1 : 0;
        }
        BOOST_TEST(idsForKey.size() == 1u);
    }
    BOOST_TEST(created == kKeys);
}

BOOST_AUTO_TEST_CASE(records_survive_a_reopen) {
    const RecordInsert inserted = store->records().insert(makeRecord(1, "persist", 5));
    reopen();
    BOOST_TEST(store->records().find(inserted.id)->deviceRecordId == "persist");
    BOOST_TEST(!store->records().insert(makeRecord(1, "persist", 5)).created);
}

// An operator's list or a /metrics count while the record writer is inside
// a batch: from the last commit, at once, not after the batch (on SQLite
// through the read connection; on PostgreSQL through another pooled one).
BOOST_AUTO_TEST_CASE(lists_and_counts_do_not_wait_for_another_threads_transaction) {
    store->records().insert(makeRecord(1, "committed", 1700000000000));
    const auto seen = test::readMeanwhile(
        *store, [&] { store->records().insert(makeRecord(1, "in progress", 1700000001000)); },
        [&] {
            const auto page = store->records().query(RecordQuery{});
            return std::vector<std::int64_t>{page.total, static_cast<std::int64_t>(page.items.size()),
                                             store->records().count()};
        });
    BOOST_TEST(seen.answeredMeanwhile);
    BOOST_TEST(seen.value == (std::vector<std::int64_t>{1, 1, 1}), boost::test_tools::per_element());
    // The unit of work's own thread sees its uncommitted row.
    BOOST_TEST(seen.insideValue == (std::vector<std::int64_t>{2, 2, 2}), boost::test_tools::per_element());
    BOOST_TEST(store->records().count() == 2);  // committed: every reader sees it now
    BOOST_TEST(store->records().query(RecordQuery{}).items.front().deviceRecordId == "in progress");
}

BOOST_AUTO_TEST_SUITE_END()
