#include <boost/test/unit_test.hpp>

// Scripts on the event journal, in-process on a real SQLite file: a poison
// event goes to the dead letters while the others are delivered; a script
// edited while events arrive neither loses nor doubles one; a script
// disabled for an hour (injected clock) catches up, and one stopped past the
// retention is told what it lost; a new script starts now unless it asks
// for the oldest events.

#include "script/ScriptFixture.h"

#include <atomic>
#include <map>
#include <set>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// Forwards each record.created to a closed port (the deliveries stay pending),
// keyed by the record's id; fails on the ids in `poison`.
std::string forwarder(const std::string& note = "", const std::string& poison = "{}") {
    return "-- " + note + "\n"
           "local poison = " + poison + "\n"
           "passway.on('record.created', function(e)\n"
           "  for _, id in ipairs(poison) do if e.id == id then error('cannot forward record ' .. id) end end\n"
           "  local id, err = passway.outbox.send{url = 'http://127.0.0.1:9/hook', key = 'record-' .. e.id,\n"
           "                                      body = {id = e.id, seq = e.seq}}\n"
           "  if not id then error(err) end\n"
           "end)\n";
}

struct JournalScripts : ScriptFixture {
    JournalScripts() {
        withJournal = true;
        scriptOptions.maxFailures = 100;        // a poison event must not fail the whole script
        journalOptions.retryDelay = 1ms;
        outboxOptions.pollInterval = 3600s;     // nothing is attempted while the test counts
    }

    void publish(int id) { bus->publish("record.created", "{\"id\":" + std::to_string(id) + "}", "test"); }

    std::optional<SubscriberStatus> cursorOf(const std::string& script) {
        const auto status = host->status(script);
        return status ? status->journal : std::nullopt;
    }
    bool caughtUp(const std::string& script) {
        const auto status = cursorOf(script);
        return status && status->lagEvents == 0 && status->position == journal->lastSeq();
    }
    // Idempotency key → how many deliveries carry it.
    std::map<std::string, int> deliveries() {
        std::map<std::string, int> keys;
        for (const auto& item : store->outbox().list(std::nullopt, 0, 100000).items) ++keys[item.idempotencyKey];
        return keys;
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(a_failing_event_goes_to_the_dead_letters_and_the_others_are_delivered, JournalScripts) {
    writeScript("fwd", forwarder("poison", "{3}"));
    up();
    BOOST_REQUIRE(state("fwd") == ScriptState::Running);
    for (int id = 1; id <= 10; ++id) publish(id);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));

    const auto keys = deliveries();
    BOOST_TEST(keys.size() == 9u);
    for (int id = 1; id <= 10; ++id) BOOST_TEST(keys.count("record-" + std::to_string(id)) == (id == 3 ? 0u : 1u));
    const auto dead = host->deadLetters("fwd", 10);
    BOOST_REQUIRE(dead.has_value());
    BOOST_REQUIRE_EQUAL(dead->size(), 1u);
    BOOST_TEST(dead->front().topic == "record.created");
    BOOST_TEST(dead->front().payload.find("\"id\":3") != std::string::npos);
    BOOST_TEST(dead->front().error.find("cannot forward record 3") != std::string::npos);
    BOOST_TEST(dead->front().attempts == 3);
    BOOST_TEST(cursorOf("fwd")->deadLetters == 1);
    BOOST_TEST(state("fwd") == ScriptState::Running);
}

BOOST_FIXTURE_TEST_CASE(editing_a_script_while_events_arrive_loses_none_and_doubles_none, JournalScripts) {
    writeScript("fwd", forwarder("version 0"));
    up();
    constexpr int kEvents = 3000;
    std::atomic<bool> done{false};
    std::thread publisher([&] {
        for (int id = 1; id <= kEvents; ++id) publish(id);
        done = true;
    });
    // Saved through the host like the admin page does, and written to the
    // folder for the watcher: both reload the running script.
    for (int version = 1; !done || version < 6; ++version) {
        if (version % 2) {
            BOOST_REQUIRE_EQUAL(host->save("fwd", forwarder("version " + std::to_string(version))), "");
        } else {
            writeScript("fwd", forwarder("version " + std::to_string(version) + " (longer)"));
            host->rescan();
        }
        std::this_thread::sleep_for(10ms);  // pacing the edits, not synchronisation
    }
    publisher.join();
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }, 60s));

    const auto keys = deliveries();
    BOOST_TEST(keys.size() == static_cast<std::size_t>(kEvents));
    int doubled = 0;
    for (const auto& [key, count] : keys) doubled += count > 1 ? 1 : 0;
    BOOST_TEST(doubled == 0);
    BOOST_TEST(state("fwd") == ScriptState::Running);
}

BOOST_FIXTURE_TEST_CASE(a_script_disabled_for_an_hour_catches_up_when_enabled, JournalScripts) {
    writeScript("fwd", forwarder());
    up();
    for (int id = 1; id <= 5; ++id) publish(id);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));
    BOOST_REQUIRE(host->setEnabled("fwd", false));
    for (int id = 6; id <= 25; ++id) publish(id);

    clock.advance(1h);
    BOOST_TEST(journal->prune() == 0);  // within the retention: nothing is lost
    const auto behind = cursorOf("fwd");
    BOOST_REQUIRE(behind.has_value());
    BOOST_TEST(!behind->running);
    BOOST_TEST(behind->lagEvents == 20);
    BOOST_TEST(behind->lagSeconds >= 3600.0);
    BOOST_TEST(deliveries().size() == 5u);

    BOOST_REQUIRE(host->setEnabled("fwd", true));
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));
    const auto keys = deliveries();
    BOOST_TEST(keys.size() == 25u);
    for (int id = 1; id <= 25; ++id) BOOST_TEST(keys.count("record-" + std::to_string(id)) == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_script_stopped_past_the_retention_is_told_which_events_it_lost, JournalScripts) {
    writeScript("fwd", forwarder());
    up();
    publish(1);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));
    BOOST_REQUIRE(host->setEnabled("fwd", false));
    const std::int64_t firstLost = journal->lastSeq() + 1;
    for (int id = 2; id <= 6; ++id) publish(id);
    const std::int64_t lastLost = journal->lastSeq();

    clock.advance(73h);
    BOOST_TEST(journal->prune() == lastLost);  // everything: no cursor moved within the retention
    BOOST_REQUIRE(host->setEnabled("fwd", true));
    publish(7);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));

    const auto errors = host->errors("fwd");
    BOOST_REQUIRE(errors.has_value());
    bool told = false;
    const std::string range = std::to_string(firstLost) + ".." + std::to_string(lastLost);
    for (const auto& error : *errors) told = told || (error.where == "journal" && error.message.find(range) != std::string::npos);
    BOOST_TEST(told, "no error names the lost events " << range);
    const auto keys = deliveries();
    BOOST_TEST(keys.size() == 2u);  // 1 before the stop, 7 after it
    BOOST_TEST(keys.count("record-7") == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_new_script_starts_now_unless_it_asks_for_the_oldest_events, JournalScripts) {
    up();
    for (int id = 1; id <= 3; ++id) publish(id);
    const std::string counter = "local n = 0\npassway.on('record.created', function(e) n = n + 1; passway.kv.set('seen', n) end)\n";
    BOOST_REQUIRE_EQUAL(host->save("late", counter), "");
    BOOST_REQUIRE_EQUAL(host->save("early", "passway.journal.start('oldest')\n" + counter), "");
    publish(4);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("late") && caughtUp("early"); }));
    BOOST_TEST(store->kv().get("script.late.kv.seen").value_or("") == "1");
    BOOST_TEST(store->kv().get("script.early.kv.seen").value_or("") == "4");
}

BOOST_FIXTURE_TEST_CASE(skipping_to_now_leaves_the_missed_events_unhandled, JournalScripts) {
    writeScript("fwd", forwarder());
    up();
    BOOST_REQUIRE(host->setEnabled("fwd", false));
    for (int id = 1; id <= 4; ++id) publish(id);
    BOOST_REQUIRE(host->setEnabled("fwd", true) && host->skipToNow("fwd").has_value());
    publish(5);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));
    const auto keys = deliveries();
    // Enabling may have caught up part of 1..4 before the skip; 5 is always there, once.
    BOOST_TEST(keys.count("record-5") == 1u);
    for (const auto& [key, count] : keys) BOOST_TEST(count == 1);
}

BOOST_FIXTURE_TEST_CASE(a_restart_resumes_from_the_cursor, JournalScripts) {
    writeScript("fwd", forwarder());
    up();
    for (int id = 1; id <= 50; ++id) publish(id);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));
    down();
    up();
    for (int id = 51; id <= 60; ++id) publish(id);
    BOOST_REQUIRE(waitFor([&] { return caughtUp("fwd"); }));
    const auto keys = deliveries();
    BOOST_TEST(keys.size() == 60u);
    for (const auto& [key, count] : keys) BOOST_TEST(count == 1);
}
