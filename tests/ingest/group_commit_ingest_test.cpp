#include <boost/test/unit_test.hpp>

#include "IngestFixture.h"
#include "passway/Events.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <future>
#include <map>
#include <set>

using namespace passway;
using namespace std::chrono_literals;
using test::IngestFixture;
using test::itemFor;
using test::photoFor;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

RecordQuery everything() {
    RecordQuery query;
    query.limit = 1'000'000;
    return query;
}

} // namespace

BOOST_AUTO_TEST_CASE(concurrent_callers_store_each_record_and_photo_once) {
    IngestFixture f;
    constexpr int kThreads = 16;
    constexpr int kRecords = 800;
    // Every record is sent by two threads at once, as a terminal that retries
    // on a second connection does: one of them creates it, both get its id.
    struct Answer {
        long index;
        IngestOutcome outcome;
    };
    std::vector<std::vector<Answer>> answers(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (long index = 0; index < kRecords; ++index) {
                if (index % kThreads != t && index % kThreads != (t + 1) % kThreads) continue;
                answers[t].push_back({index, f.ingest->ingest(itemFor(f.deviceId, index))});
            }
        });
    }
    for (auto& thread : threads) thread.join();

    std::map<long, std::vector<IngestOutcome>> byIndex;
    for (const auto& list : answers) {
        for (const auto& answer : list) byIndex[answer.index].push_back(answer.outcome);
    }
    BOOST_REQUIRE_EQUAL(byIndex.size(), std::size_t(kRecords));
    for (const auto& [index, outcomes] : byIndex) {
        BOOST_REQUIRE_EQUAL(outcomes.size(), 2u);
        BOOST_TEST(outcomes[0].created != outcomes[1].created);  // exactly one created it
        BOOST_TEST(outcomes[0].recordId == outcomes[1].recordId);
    }

    const auto page = f.store->records().query(everything());
    BOOST_TEST(page.total == kRecords);
    std::set<std::string> keys;
    for (const auto& record : page.items) {
        keys.insert(record.deviceRecordId);
        const long index = std::stol(record.deviceRecordId.substr(2));
        const std::string photo = photoFor(index);
        BOOST_TEST(record.photoBlob == BlobStore::sha256Hex(photo));
        const auto stored = f.blobs.get(record.photoBlob);
        BOOST_REQUIRE(stored.has_value());
        BOOST_TEST(BlobStore::sha256Hex(*stored) == record.photoBlob);
        BOOST_TEST(record.receivedTime > 0);
    }
    BOOST_TEST(keys.size() == std::size_t(kRecords));

    // One event per new record, none for the second sending.
    // Events go out before ingest() answers: once the bus has nothing queued, every one has arrived.
    BOOST_REQUIRE(test::waitUntil([&] { return f.created.size() >= std::size_t(kRecords) && f.bus.queued() == 0u; }));
    const auto events = f.created.snapshot();
    BOOST_TEST(events.size() == std::size_t(kRecords));
    std::set<std::string> announced;
    for (const auto& event : events) announced.insert(parse(event.payload)->getValue<std::string>("deviceRecordId"));
    BOOST_TEST(announced.size() == std::size_t(kRecords));

    BOOST_TEST(f.counter("passway_records_ingested_total") == std::uint64_t(kRecords));
    BOOST_TEST(f.counter("passway_records_duplicate_total") == std::uint64_t(kRecords));
    // Group commit took place: fewer transactions than records.
    const auto batches = f.counter("passway_ingest_batches_total");
    BOOST_TEST_MESSAGE(batches << " batches for " << 2 * kRecords << " ingest calls");
    BOOST_TEST(batches < std::uint64_t(2 * kRecords));
}

BOOST_AUTO_TEST_CASE(a_resent_record_is_acknowledged_again_without_a_row_or_event) {
    IngestFixture f;
    const auto first = f.ingest->ingest(itemFor(f.deviceId, 7));
    BOOST_TEST(first.created);
    BOOST_TEST(first.recordId > 0);
    const auto again = f.ingest->ingest(itemFor(f.deviceId, 7));
    BOOST_TEST(!again.created);
    BOOST_TEST(again.recordId == first.recordId);

    // The same record twice in one call, and a new one between: stored once.
    std::vector<IngestItem> items;
    items.push_back(itemFor(f.deviceId, 8));
    items.push_back(itemFor(f.deviceId, 9));
    items.push_back(itemFor(f.deviceId, 8));
    const auto outcomes = f.ingest->ingest(std::move(items));
    BOOST_REQUIRE_EQUAL(outcomes.size(), 3u);
    BOOST_TEST(outcomes[0].created);
    BOOST_TEST(outcomes[1].created);
    BOOST_TEST(!outcomes[2].created);
    BOOST_TEST(outcomes[2].recordId == outcomes[0].recordId);

    BOOST_TEST(f.store->records().count() == 3);
    BOOST_REQUIRE(test::waitUntil([&] { return f.created.size() >= 3 && f.bus.queued() == 0u; }));
    BOOST_TEST(f.created.size() == 3u);
}

BOOST_AUTO_TEST_CASE(record_created_carries_the_canonical_fields) {
    IngestFixture f;
    IngestItem item = itemFor(f.deviceId, 42);
    item.record.result = "refused";
    item.record.reason = "expired";
    const std::string sha = BlobStore::sha256Hex(item.photo);
    const auto outcome = f.ingest->ingest(std::move(item));

    IngestItem bare;  // no user, no temperature, no photo
    bare.record.deviceId = f.deviceId;
    bare.record.deviceRecordId = "bare";
    bare.record.deviceTime = 1'700'000'000'500;
    f.ingest->ingest(std::move(bare));

    BOOST_REQUIRE(test::waitUntil([&] { return f.created.size() >= 2; }));
    const auto events = f.created.snapshot();
    BOOST_TEST(events[0].topic == "record.created");
    BOOST_TEST(events[0].source == "core");
    const auto payload = parse(events[0].payload);
    BOOST_TEST(payload->getValue<std::int64_t>("id") == outcome.recordId);
    BOOST_TEST(payload->getValue<std::int64_t>("deviceId") == f.deviceId);
    BOOST_TEST(payload->getValue<std::string>("deviceRecordId") == "r-42");
    BOOST_TEST(payload->getValue<std::int64_t>("userId") == 43);
    BOOST_TEST(payload->getValue<std::int64_t>("deviceTime") == 1'700'000'000'042);
    const Record stored = *f.store->records().find(outcome.recordId);
    BOOST_TEST(payload->getValue<std::int64_t>("receivedTime") == stored.receivedTime);
    BOOST_TEST(payload->getValue<std::string>("verifyType") == "face");
    BOOST_TEST(payload->getValue<std::string>("direction") == "in");
    BOOST_TEST(payload->getValue<std::string>("result") == "refused");
    BOOST_TEST(payload->getValue<std::string>("reason") == "expired");
    BOOST_TEST(payload->getValue<double>("temperature") == 36.5);
    BOOST_TEST(payload->getValue<std::string>("photo") == sha);
    BOOST_TEST(!payload->has("raw"));

    const auto absent = parse(events[1].payload);
    BOOST_TEST(absent->isNull("userId"));
    BOOST_TEST(absent->isNull("temperature"));
    BOOST_TEST(absent->getValue<std::string>("photo").empty());
}

// record.created is written field by field for speed: its text must be what
// a JSON object of the same fields stringifies to, awkward text included.
BOOST_AUTO_TEST_CASE(record_created_text_is_what_a_json_object_writes) {
    Record record;
    record.id = 7;
    record.deviceId = 3;
    record.deviceRecordId = "quote \" back \\ slash / tab \t nl \n ctl \x01 中文";
    record.userId = 4294967295u;
    record.deviceTime = -1;
    record.receivedTime = 1'700'000'000'000;
    record.verifyType = "face";
    record.direction = "";
    record.result = "refused";
    record.reason = "</script>";
    record.temperature = 36.55;
    record.photoBlob = std::string(64, 'a');
    record.card = "0012345678";

    auto expected = json::ordered();
    expected->set("id", Poco::Int64(7));
    expected->set("deviceId", Poco::Int64(3));
    expected->set("deviceRecordId", record.deviceRecordId);
    expected->set("userId", Poco::UInt64(4294967295u));
    expected->set("deviceTime", Poco::Int64(-1));
    expected->set("receivedTime", Poco::Int64(1'700'000'000'000));
    expected->set("verifyType", record.verifyType);
    expected->set("direction", record.direction);
    expected->set("result", record.result);
    expected->set("reason", record.reason);
    expected->set("temperature", *record.temperature);
    expected->set("photo", record.photoBlob);
    expected->set("card", record.card);
    BOOST_TEST(events::recordCreated(record).payload == json::text(expected));
    BOOST_TEST(parse(events::recordCreated(record).payload)->getValue<std::string>("deviceRecordId") ==
               record.deviceRecordId);

    record.userId.reset();
    record.temperature.reset();
    expected->set("userId", Poco::Dynamic::Var());
    expected->set("temperature", Poco::Dynamic::Var());
    BOOST_TEST(events::recordCreated(record).payload == json::text(expected));
}

BOOST_AUTO_TEST_CASE(a_store_failure_reaches_every_caller_and_nothing_is_acknowledged) {
    IngestFixture f({}, /*busyTimeoutMs=*/100);
    auto lock = std::make_unique<test::WriteLockHolder>(f.databasePath);

    constexpr int kThreads = 8;
    std::atomic<int> failed{0};
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            try {
                f.ingest->ingest(itemFor(f.deviceId, t));
                ++acknowledged;
            } catch (const StoreError&) {
                ++failed;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    BOOST_TEST(failed.load() == kThreads);
    BOOST_TEST(acknowledged.load() == 0);
    BOOST_TEST(f.counter("passway_ingest_failed_batches_total") >= 1u);

    // The store recovers; the writer was not harmed; the terminals' retries land.
    lock.reset();
    BOOST_TEST(f.store->records().count() == 0);
    for (int t = 0; t < kThreads; ++t) BOOST_TEST(f.ingest->ingest(itemFor(f.deviceId, t)).created);
    BOOST_TEST(f.store->records().count() == kThreads);
    BOOST_REQUIRE(test::waitUntil([&] { return f.created.size() >= std::size_t(kThreads) && f.bus.queued() == 0u; }));
    BOOST_TEST(f.created.size() == std::size_t(kThreads));  // none for the failed attempts
}

BOOST_AUTO_TEST_CASE(shutdown_stores_and_answers_the_callers_waiting) {
    IngestFixture f({}, /*busyTimeoutMs=*/20000);
    // The writer gets stuck on the locked store while callers pile up behind it.
    auto lock = std::make_unique<test::WriteLockHolder>(f.databasePath);
    constexpr int kThreads = 20;
    std::vector<std::future<IngestOutcome>> callers;
    const auto call = [&](int t) {
        callers.push_back(std::async(std::launch::async, [&f, t] { return f.ingest->ingest(itemFor(f.deviceId, t)); }));
    };
    call(0);
    std::this_thread::sleep_for(100ms);
    BOOST_REQUIRE(test::waitUntil([&] { return f.ingest->queued() == 0; }));  // the writer took it, waits for the lock
    for (int t = 1; t < kThreads; ++t) call(t);
    BOOST_REQUIRE(test::waitUntil([&] { return f.ingest->queued() == kThreads - 1; }));
    for (auto& caller : callers) BOOST_TEST((caller.wait_for(0s) == std::future_status::timeout));

    auto stopping = std::async(std::launch::async, [&] { f.ingest->shutdown(); });
    BOOST_TEST((stopping.wait_for(200ms) == std::future_status::timeout));  // waits for the queue to drain
    lock.reset();
    BOOST_REQUIRE((stopping.wait_for(15s) == std::future_status::ready));
    stopping.get();

    // Answered before shutdown() returned; each caller thread then returns.
    for (auto& caller : callers) {
        BOOST_REQUIRE((caller.wait_for(5s) == std::future_status::ready));
        BOOST_TEST(caller.get().created);
    }
    BOOST_TEST(f.store->records().count() == kThreads);
    BOOST_TEST(f.ingest->queued() == 0u);
    BOOST_CHECK_THROW(f.ingest->ingest(itemFor(f.deviceId, 999)), StoreError);
    BOOST_TEST(f.store->records().count() == kThreads);
}

BOOST_AUTO_TEST_CASE(a_lone_caller_is_not_kept_waiting_for_the_window) {
    GroupCommitOptions options;
    // A long window, so that sitting it out even once would stand out from
    // any slowness of a loaded machine.
    options.window = std::chrono::seconds(60);
    IngestFixture f(options);
    // The window is for callers expected to join; one caller sending one
    // record after another expects nobody.
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) f.ingest->ingest(itemFor(f.deviceId, i, /*withPhoto=*/false));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    BOOST_TEST(took.count() < 30000, "10 records took " << took.count() << " ms");
    BOOST_TEST(f.store->records().count() == 10);
}

BOOST_AUTO_TEST_CASE(a_call_larger_than_a_batch_is_stored_whole) {
    GroupCommitOptions options;
    options.maxBatch = 4;
    IngestFixture f(options);
    std::vector<IngestItem> items;
    for (int i = 0; i < 10; ++i) items.push_back(itemFor(f.deviceId, i, i % 2 == 0));
    const auto outcomes = f.ingest->ingest(std::move(items));
    BOOST_REQUIRE_EQUAL(outcomes.size(), 10u);
    for (const auto& outcome : outcomes) BOOST_TEST(outcome.created);
    const auto page = f.store->records().query(everything());
    BOOST_TEST(page.total == 10);
    for (const auto& record : page.items) {
        const long index = std::stol(record.deviceRecordId.substr(2));
        BOOST_TEST(record.photoBlob.empty() == (index % 2 != 0));
    }
    BOOST_TEST(f.ingest->ingest(std::vector<IngestItem>{}).empty());
}
