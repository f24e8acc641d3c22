#include <boost/test/unit_test.hpp>

#include "bus/EventBus.h"
#include "support/BusRecorder.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using namespace std::chrono_literals;

namespace {

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

using Recorder = test::BusRecorder;

// A gate a handler can wait at until the test opens it.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    bool open = false;
    bool entered = false;

    void waitOpen() {
        std::unique_lock lock(mutex);
        entered = true;
        changed.notify_all();
        changed.wait(lock, [this] { return open; });
    }
    void waitEntered() {
        std::unique_lock lock(mutex);
        changed.wait(lock, [this] { return entered; });
    }
    void release() {
        std::lock_guard lock(mutex);
        open = true;
        changed.notify_all();
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(pattern_matching) {
    BOOST_TEST(EventBus::matches("record.created", "record.created"));
    BOOST_TEST(!EventBus::matches("record.created", "record.created.x"));
    BOOST_TEST(!EventBus::matches("record.created", "record"));
    BOOST_TEST(EventBus::matches("device.*", "device.online"));
    BOOST_TEST(EventBus::matches("device.*", "device.alarm.door"));
    BOOST_TEST(!EventBus::matches("device.*", "device"));
    BOOST_TEST(!EventBus::matches("device.*", "device."));
    BOOST_TEST(!EventBus::matches("device.*", "devices.online"));
    BOOST_TEST(!EventBus::matches("device.*", "record.created"));
    BOOST_TEST(EventBus::matches("*", "anything.at.all"));
    BOOST_TEST(EventBus::matches("*", "x"));
}

BOOST_AUTO_TEST_CASE(subscribers_get_the_topics_their_pattern_names) {
    EventBus bus;
    Recorder devices, created, all;
    bus.subscribe("device.*", devices.handler(), "devices");
    bus.subscribe("record.created", created.handler(), "created");
    bus.subscribe("*", all.handler(), "all");

    for (const char* topic : {"device.online", "record.created", "devices.x", "device.alarm.door", "device"})
        bus.publish(topic, "{}");
    bus.shutdown();

    BOOST_TEST(devices.topics() == (std::vector<std::string>{"device.online", "device.alarm.door"}),
               boost::test_tools::per_element());
    BOOST_TEST(created.topics() == std::vector<std::string>{"record.created"}, boost::test_tools::per_element());
    BOOST_TEST(all.size() == 5u);
    BOOST_TEST(bus.published() == 5u);
}

BOOST_AUTO_TEST_CASE(publish_fills_sequence_time_and_source) {
    EventBus bus;
    Recorder recorder;
    bus.subscribe("*", recorder.handler());
    bus.publish("a.b", R"({"x":1})", "unit");
    Event given;
    given.topic = "a.c";
    given.at = 1234;
    given.sequence = 999;  // the bus numbers events itself
    bus.publish(given);
    bus.shutdown();

    BOOST_REQUIRE(recorder.size() == 2u);
    const auto events = recorder.snapshot();
    const Event& first = events[0];
    const Event& second = events[1];
    BOOST_TEST(first.payload == R"({"x":1})");
    BOOST_TEST(first.source == "unit");
    BOOST_TEST(first.at > 1600000000000LL);  // filled with the current unix milliseconds
    BOOST_TEST(first.sequence >= 1u);
    BOOST_TEST(second.sequence == first.sequence + 1);
    BOOST_TEST(second.at == 1234);  // an explicit time is kept
}

BOOST_AUTO_TEST_CASE(each_subscriber_sees_events_in_publish_order) {
    EventBus bus;
    Recorder a, b;
    bus.subscribe("seq.*", a.handler());
    bus.subscribe("*", b.handler());
    for (int i = 0; i < 2000; ++i) bus.publish("seq.n", std::to_string(i));
    bus.shutdown();

    for (const Recorder* recorder : {&a, &b}) {
        const auto events = recorder->snapshot();
        BOOST_REQUIRE(events.size() == 2000u);
        for (int i = 0; i < 2000; ++i) {
            BOOST_REQUIRE(events[i].payload == std::to_string(i));
            if (i > 0) BOOST_REQUIRE(events[i].sequence > events[i - 1].sequence);
        }
    }
}

BOOST_AUTO_TEST_CASE(sequences_increase_per_subscriber_with_concurrent_publishers) {
    EventBus bus;
    Recorder recorder;
    bus.subscribe("*", recorder.handler());
    std::vector<std::thread> publishers;
    for (int t = 0; t < 4; ++t)
        publishers.emplace_back([&bus, t] {
            for (int i = 0; i < 500; ++i) bus.publish("p." + std::to_string(t), "{}");
        });
    for (auto& thread : publishers) thread.join();
    bus.shutdown();

    const auto events = recorder.snapshot();
    BOOST_REQUIRE(events.size() == 2000u);
    for (std::size_t i = 1; i < events.size(); ++i)
        BOOST_REQUIRE(events[i].sequence > events[i - 1].sequence);
}

BOOST_AUTO_TEST_CASE(a_slow_subscriber_delays_neither_publish_nor_others) {
    EventBus bus;
    std::atomic<int> slowSeen{0};
    Gate gate;  // the slow subscriber is held on its first event until the test opens it
    bus.subscribe("*", [&](const Event&) {
        gate.waitOpen();
        ++slowSeen;
    }, "slow");
    Recorder fast;
    bus.subscribe("*", fast.handler(), "fast");

    bus.publish("t.x", "{}");
    gate.waitEntered();
    // publish() returns while a handler is stuck: were it waiting for
    // handlers, these calls would never return (no clock involved).
    for (int i = 0; i < 4; ++i) bus.publish("t.x", "{}");

    BOOST_TEST(waitUntil([&] { return fast.size() == 5u; }));
    BOOST_TEST(slowSeen.load() == 0);  // the slow one is still on its first event
    BOOST_TEST(bus.queued() >= 4u);    // its backlog is visible
    gate.release();
    bus.shutdown();
    BOOST_TEST(slowSeen.load() == 5);  // shutdown delivered the backlog
    BOOST_TEST(bus.dropped() == 0u);
}

BOOST_AUTO_TEST_CASE(a_full_queue_drops_the_newest_events_and_counts_them) {
    EventBus bus(4);
    Gate gate;
    std::vector<std::string> seen;
    std::mutex seenMutex;
    bus.subscribe("*", [&](const Event& event) {
        if (event.payload == "0") gate.waitOpen();
        std::lock_guard lock(seenMutex);
        seen.push_back(event.payload);
    }, "blocked");
    Recorder other;
    bus.subscribe("*", other.handler(), "other");

    bus.publish("q.x", "0");
    gate.waitEntered();  // event 0 is in the handler, the queue is empty
    for (int i = 1; i <= 7; ++i) {
        bus.publish("q.x", std::to_string(i));  // 1-4 fit, 5-7 do not
        // Let the other subscriber keep up so that only the blocked one overflows.
        BOOST_REQUIRE(waitUntil([&] { return other.size() == std::size_t(i) + 1; }));
    }
    BOOST_TEST(bus.dropped() == 3u);
    gate.release();
    bus.shutdown();

    BOOST_TEST(seen == (std::vector<std::string>{"0", "1", "2", "3", "4"}), boost::test_tools::per_element());
    BOOST_TEST(other.size() == 8u);  // drops are per subscriber
    BOOST_TEST(bus.published() == 8u);
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_keeps_receiving) {
    EventBus bus;
    std::atomic<int> calls{0};
    bus.subscribe("*", [&](const Event& event) {
        ++calls;
        if (event.payload == "std") throw std::runtime_error("handler failed on purpose");
        if (event.payload == "int") throw 42;
    }, "thrower");
    for (const char* payload : {"std", "ok", "int", "ok", "std"}) bus.publish("e.x", payload);
    bus.shutdown();
    BOOST_TEST(calls.load() == 5);
}

BOOST_AUTO_TEST_CASE(unsubscribe_waits_for_the_running_handler_then_stops_delivery) {
    EventBus bus;
    Gate gate;
    std::atomic<bool> finished{false};
    std::atomic<int> calls{0};
    const auto id = bus.subscribe("*", [&](const Event&) {
        ++calls;
        gate.waitOpen();
        finished = true;
    });
    bus.publish("u.x", "{}");
    bus.publish("u.x", "{}");  // queued behind the running one; discarded by unsubscribe
    gate.waitEntered();

    // The handler is held at the gate: unsubscribe() cannot return before the
    // opener lets it finish, whenever that happens.
    // It opens only once unsubscribe() has discarded the queued event (the
    // bus then counts none), so the handler cannot take it in between.
    std::thread opener([&] {
        waitUntil([&] { return bus.queued() == 0; });
        gate.release();
    });
    bus.unsubscribe(id);
    BOOST_TEST(finished.load());  // unsubscribe returned only after the handler did
    opener.join();

    bus.publish("u.x", "{}");
    bus.shutdown();  // delivers whatever is queued anywhere: nothing reaches the old handler
    BOOST_TEST(calls.load() == 1);
    BOOST_TEST(bus.queued() == 0u);
    bus.unsubscribe(id);      // a second time: nothing happens
    bus.unsubscribe(12345);   // unknown id: nothing happens
}

BOOST_AUTO_TEST_CASE(unsubscribe_from_its_own_handler_is_refused_not_a_deadlock) {
    EventBus bus;
    std::atomic<bool> refused{false};
    std::atomic<EventBus::SubscriptionId> self{0};
    self = bus.subscribe("*", [&](const Event&) {
        try {
            bus.unsubscribe(self.load());
        } catch (const std::logic_error&) {
            refused = true;
        }
    });
    bus.publish("s.x", "{}");
    BOOST_TEST(waitUntil([&] { return refused.load(); }));
    bus.unsubscribe(self.load());  // from outside it works
}

BOOST_AUTO_TEST_CASE(handlers_may_publish_and_shutdown_drains_everything) {
    EventBus bus;
    Recorder pongs;
    bus.subscribe("ping", [&bus](const Event& event) {
        std::this_thread::sleep_for(2ms);
        bus.publish("pong", event.payload);
    }, "ponger");
    bus.subscribe("pong", pongs.handler(), "pongs");
    for (int i = 0; i < 20; ++i) bus.publish("ping", std::to_string(i));
    // Wait for the pings' pongs to be published before draining, since
    // shutdown stops subscribers in parallel.
    BOOST_TEST(waitUntil([&] { return bus.published() == 40u; }));
    bus.shutdown();
    BOOST_TEST(pongs.size() == 20u);
    BOOST_TEST(bus.queued() == 0u);

    // After shutdown a publish reaches no one and does not block.
    bus.publish("pong", "late");
    BOOST_TEST(pongs.size() == 20u);
}

BOOST_AUTO_TEST_CASE(destroying_the_bus_stops_its_threads) {
    Recorder recorder;
    {
        EventBus bus;
        bus.subscribe("*", recorder.handler());
        bus.subscribe("*", [](const Event&) { std::this_thread::sleep_for(5ms); });
        for (int i = 0; i < 10; ++i) bus.publish("d.x", "{}");
    }
    BOOST_TEST(recorder.size() == 10u);
}
