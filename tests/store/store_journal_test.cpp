#include <boost/test/unit_test.hpp>

// The journal repository and the unit of work it relies on: an entry
// appended inside Store::atomically commits with the change or not at all,
// after-commit actions run only after a commit, cursors and dead letters
// persist, pruning keeps what live cursors need, a record's face verdict is
// found (through its index), and outbox ids reserved ahead are never given to anyone
// else.

#include "StoreFixture.h"
#include "SqlitePlan.h"
#include "store/sqlite/SqliteJournalRepository.h"

#include <stdexcept>

using namespace passway;
using namespace passway::test;

namespace {

JournalEntry entry(const std::string& topic, const std::string& payload = "{}", std::int64_t at = 0) {
    return JournalEntry{0, topic, "test", payload, at};
}

Person person(std::uint32_t id) {
    Person p;
    p.userId = id;
    p.name = "P" + std::to_string(id);
    return p;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(entries_are_read_back_in_order_after_a_cursor, StoreFixture) {
    std::vector<JournalEntry> entries{entry("a", R"({"n":1})"), entry("b", R"({"n":2})"), entry("c", R"({"n":3})")};
    store->journal().append(entries);
    BOOST_TEST(entries[0].seq < entries[1].seq);
    BOOST_TEST(entries[1].seq < entries[2].seq);
    BOOST_TEST(store->journal().lastSeq() == entries[2].seq);
    const auto after = store->journal().readAfter(entries[0].seq, 10);
    BOOST_REQUIRE_EQUAL(after.size(), 2u);
    BOOST_TEST(after[0].topic == "b");
    BOOST_TEST(after[1].payload == R"({"n":3})");
    BOOST_TEST(store->journal().readAfter(entries[0].seq, 1).size() == 1u);
    reopen();
    BOOST_TEST(store->journal().lastSeq() == entries[2].seq);
}

BOOST_FIXTURE_TEST_CASE(a_change_and_its_entry_commit_together_or_not_at_all, StoreFixture) {
    int ran = 0;
    store->atomically([&] {
        store->persons().save(person(7));
        std::vector<JournalEntry> e{entry("person.changed")};
        store->journal().append(e);
        store->afterCommit([&] { ++ran; });
        BOOST_TEST(ran == 0);  // not before the commit
    });
    BOOST_TEST(ran == 1);
    const auto before = store->journal().lastSeq();

    BOOST_CHECK_THROW(store->atomically([&] {
        store->persons().save(person(8));
        std::vector<JournalEntry> e{entry("person.changed")};
        store->journal().append(e);
        store->afterCommit([&] { ++ran; });
        throw std::runtime_error("the rest of the change failed");
    }),
                      std::runtime_error);
    BOOST_TEST(ran == 1);  // never for a rolled-back unit of work
    BOOST_TEST(!store->persons().find(8).has_value());
    BOOST_TEST(store->journal().readAfter(before, 10).empty());
    BOOST_TEST(store->persons().find(7).has_value());
}

BOOST_FIXTURE_TEST_CASE(an_inner_failure_caught_inside_undoes_only_its_own_part, StoreFixture) {
    store->atomically([&] {
        store->persons().save(person(1));
        try {
            store->atomically([&] {
                store->persons().save(person(2));
                throw std::runtime_error("inner");
            });
        } catch (const std::runtime_error&) {
        }
    });
    BOOST_TEST(store->persons().find(1).has_value());
    BOOST_TEST(!store->persons().find(2).has_value());
}

BOOST_FIXTURE_TEST_CASE(cursors_and_dead_letters_persist, StoreFixture) {
    BOOST_TEST(!store->journal().cursor("script:a").has_value());
    store->journal().saveCursor("script:a", 5, 1000);
    store->journal().saveCursor("script:a", 9, 2000);
    store->journal().addDeadLetter(DeadLetter{0, "script:a", 4, "record.created", "{}", "boom", 3, 1500});
    reopen();
    const auto cursor = store->journal().cursor("script:a");
    BOOST_REQUIRE(cursor.has_value());
    BOOST_TEST(cursor->position == 9);
    BOOST_TEST(cursor->updatedAt == 2000);
    BOOST_TEST(store->journal().countDeadLetters("script:a") == 1);
    BOOST_TEST(store->journal().countDeadLetters("script:b") == 0);
    const auto dead = store->journal().deadLetters("script:a", 10);
    BOOST_REQUIRE_EQUAL(dead.size(), 1u);
    BOOST_TEST(dead[0].error == "boom");
    BOOST_TEST(dead[0].attempts == 3);
}

BOOST_FIXTURE_TEST_CASE(pruning_takes_only_old_entries_up_to_the_given_seq, StoreFixture) {
    std::vector<JournalEntry> entries{entry("a", "{}", 100), entry("b", "{}", 200), entry("c", "{}", 300)};
    store->journal().append(entries);
    BOOST_TEST(store->journal().prune(entries[2].seq, 250) == 2);  // c is too young
    BOOST_TEST(store->journal().oldestSeq() == entries[2].seq);
    BOOST_TEST(store->journal().prune(entries[2].seq, 1000) == 1);
    // Empty, yet seq never goes back.
    BOOST_TEST(store->journal().lastSeq() == entries[2].seq);
    BOOST_TEST(store->journal().oldestSeq() == entries[2].seq + 1);
    std::vector<JournalEntry> next{entry("d")};
    store->journal().append(next);
    BOOST_TEST(next[0].seq > entries[2].seq);
}

// Each database searches the payloads' JSON its own way; both must give the
// same answer.
BOOST_FIXTURE_TEST_CASE(a_records_face_verdict_is_the_newest_matched_or_suspect_entry_since_then, StoreFixture) {
    std::vector<JournalEntry> entries{entry("face.matched", R"({"recordId":7,"score":1})", 100),
                                      entry("face.matched", R"({"recordId":8})", 200),
                                      entry("record.suspect", R"({"recordId":7,"score":2})", 300),
                                      entry("face.unmatched", R"({"recordId":7})", 400),
                                      entry("face.matched", R"({"n":7})", 500),
                                      entry("record.created", R"({"recordId":9})", 600)};
    store->journal().append(entries);

    const auto latest = store->journal().latestFaceVerdict(7, 0);
    BOOST_REQUIRE(latest);
    BOOST_TEST(latest->seq == entries[2].seq);  // not face.unmatched, nor an entry without recordId
    BOOST_TEST(latest->topic == "record.suspect");
    BOOST_TEST(latest->source == "test");
    BOOST_TEST(latest->payload == R"({"recordId":7,"score":2})");
    BOOST_TEST(latest->at == 300);

    BOOST_TEST(store->journal().latestFaceVerdict(8, 0)->seq == entries[1].seq);
    BOOST_TEST(!store->journal().latestFaceVerdict(8, 201));  // appended before `since`
    BOOST_TEST(!store->journal().latestFaceVerdict(9, 0));    // a record without a verdict
}

// The record page asks for a verdict each time a record is opened: on
// SQLite that is a search of journal_face_verdicts, never a read of the
// whole journal (PostgreSQL plans by table statistics; its index is the same).
BOOST_FIXTURE_TEST_CASE(a_face_verdict_is_found_through_its_index, StoreFixture,
                        *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                            return !test::testingPostgresql();
                        })) {
    store.reset();  // the migrated file, read here directly
    const auto steps = test::sqlitePlan(path, SqliteJournalRepository::kFaceVerdictSql);
    BOOST_REQUIRE(!steps.empty());
    for (const auto& step : steps) BOOST_TEST(!test::scansTable(step), step);
    BOOST_TEST(steps.front().find("SEARCH journal USING INDEX journal_face_verdicts") == 0, steps.front());
}

BOOST_FIXTURE_TEST_CASE(reserved_outbox_ids_are_never_given_to_another_item, StoreFixture) {
    const std::int64_t reserved = store->outbox().reserveId();
    OutboxItem plain;
    plain.url = "http://127.0.0.1:9/";
    const auto other = store->outbox().enqueue(plain);
    BOOST_TEST(other.id != reserved);
    reopen();  // a restart forgets the block in memory, not the reservation
    const auto afterRestart = store->outbox().enqueue(plain);
    BOOST_TEST(afterRestart.id != reserved);
    std::vector<OutboxItem> staged(1, plain);
    staged[0].id = reserved;
    staged[0].idempotencyKey = "k";
    store->atomically([&] { store->outbox().enqueueAll(staged); });
    const auto found = store->outbox().find(reserved);
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(found->idempotencyKey == "k");
    BOOST_CHECK_THROW(store->atomically([&] { store->outbox().reserveId(); store->outbox().reserveId(); }), StoreError);
}
