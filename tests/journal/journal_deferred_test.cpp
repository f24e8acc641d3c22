#include <boost/test/unit_test.hpp>

// A durable subscriber whose consumer answers Later (an uplink whose
// platform is down, through PluginJournalFeed and DeliveryDeferred): the
// event is asked again for as long as it takes — far beyond the attempts
// that dead-letter a failing one — and then everything arrives once, in
// order, with no dead letter. In-process on a real SQLite file.

#include "journal/JournalSubscriber.h"
#include "plugin/PluginJournalFeed.h"
#include "script/ScriptFixture.h"

#include <atomic>
#include <mutex>
#include <vector>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_CASE(a_deferred_event_is_asked_again_until_taken_and_never_dead_lettered, ScriptFixture) {
    withJournal = true;
    journalOptions.retryDelay = 1ms;
    journalOptions.attempts = 3;
    up();

    std::atomic<bool> down{true};
    std::atomic<int> asked{0};
    std::mutex mutex;
    std::vector<std::string> taken;
    PluginJournalFeed feed("uplink-test", "record.created", [&](const Event& e) {
        ++asked;
        if (down) throw DeliveryDeferred("platform down", 2ms);
        std::lock_guard lock(mutex);
        taken.push_back(e.payload);
    });
    JournalSubscriber subscriber(*journal, "plugin:test:uplink-test", feed);
    subscriber.start();
    for (int id = 1; id <= 5; ++id) bus->publish("record.created", "{\"id\":" + std::to_string(id) + "}", "test");

    BOOST_REQUIRE(waitFor([&] { return asked.load() > 20; }));  // far beyond 3 attempts
    {
        std::lock_guard lock(mutex);
        BOOST_TEST(taken.empty());
    }
    down = false;
    BOOST_REQUIRE(waitFor([&] {
        std::lock_guard lock(mutex);
        return taken.size() >= 5;
    }));
    subscriber.stop();
    std::lock_guard lock(mutex);
    BOOST_REQUIRE_EQUAL(taken.size(), 5u);
    for (int id = 1; id <= 5; ++id) BOOST_TEST(taken[id - 1] == "{\"id\":" + std::to_string(id) + "}");
    BOOST_TEST(store->journal().deadLetters("plugin:test:uplink-test", 10).empty());
}
