#include <boost/test/unit_test.hpp>

// The handler threads of a server (WorkerPool): every task runs; only about
// as many threads are awake as asked while the awake ones make progress;
// when they are all held, a sleeping one is woken so queued work still runs;
// the thread woken is the last one that fell asleep; a full queue refuses;
// stop() drops what waits and joins what runs.

#include "net/WorkerPool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using passway::net::WorkerPool;
using namespace std::chrono_literals;

namespace {

// Counts tasks run so a test can wait for a number of them without polling.
class Countdown {
public:
    explicit Countdown(int count) : left_(count) {}
    void done() {
        std::lock_guard lock(mutex_);
        if (--left_ == 0) zero_.notify_all();
    }
    bool wait(std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        return zero_.wait_for(lock, timeout, [&] { return left_ <= 0; });
    }

private:
    std::mutex mutex_;
    std::condition_variable zero_;
    int left_;
};

// A gate tasks wait at until the test opens it.
class Gate {
public:
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        opened_.notify_all();
    }
    void pass() {
        std::unique_lock lock(mutex_);
        opened_.wait(lock, [&] { return open_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable opened_;
    bool open_ = false;
};

} // namespace

BOOST_AUTO_TEST_CASE(every_task_runs_on_no_more_awake_threads_than_asked_while_they_progress) {
    // A stall far longer than the test: the watcher must never add a thread here.
    WorkerPool pool("test", 8, 10000, 2, std::chrono::hours(1));
    constexpr int kTasks = 2000;
    Countdown finished(kTasks);
    std::atomic<int> inside{0};
    std::atomic<int> mostInside{0};
    std::atomic<int> mostAwake{0};
    for (int i = 0; i < kTasks; ++i) {
        BOOST_REQUIRE(pool.submit([&] {
            const int now = ++inside;
            int seen = mostInside.load();
            while (now > seen && !mostInside.compare_exchange_weak(seen, now)) {}
            const int awake = pool.awake();
            seen = mostAwake.load();
            while (awake > seen && !mostAwake.compare_exchange_weak(seen, awake)) {}
            --inside;
            finished.done();
        }));
    }
    BOOST_REQUIRE(finished.wait(30s));
    BOOST_TEST(mostInside.load() >= 1);
    BOOST_TEST(mostInside.load() <= 2);
    BOOST_TEST(mostAwake.load() <= 2);
}

BOOST_AUTO_TEST_CASE(queued_work_runs_while_every_awake_thread_is_held) {
    WorkerPool pool("test", 4, 100, 1, 5ms);
    Gate gate;
    std::promise<void> holding;
    std::promise<void> ran;
    BOOST_REQUIRE(pool.submit([&] {
        holding.set_value();
        gate.pass();  // the one awake thread, held
    }));
    holding.get_future().wait();
    BOOST_REQUIRE(pool.submit([&] { ran.set_value(); }));
    // Waits for the watcher, who wakes a second thread after one stall interval.
    const bool served = ran.get_future().wait_for(30s) == std::future_status::ready;
    gate.open();
    BOOST_TEST(served);
}

BOOST_AUTO_TEST_CASE(a_full_queue_refuses_and_stop_drops_what_waits) {
    Gate gate;
    std::promise<void> holding;
    std::atomic<int> queuedRan{0};
    {
        WorkerPool pool("test", 1, 2, 1, std::chrono::hours(1));
        BOOST_REQUIRE(pool.submit([&] {
            holding.set_value();
            gate.pass();
        }));
        holding.get_future().wait();
        BOOST_TEST(pool.submit([&] { ++queuedRan; }));
        BOOST_TEST(pool.submit([&] { ++queuedRan; }));
        BOOST_TEST(!pool.submit([&] { ++queuedRan; }));  // two queued: the bound
        BOOST_TEST(pool.busy() == 3u);
        std::thread opener([&] {
            // stop() must drop the queued two first, then wait for the running one.
            while (pool.busy() != 1u) std::this_thread::yield();
            gate.open();
        });
        pool.stop();
        opener.join();
        BOOST_TEST(!pool.submit([&] { ++queuedRan; }));
    }
    BOOST_TEST(queuedRan.load() == 0);
}

BOOST_AUTO_TEST_CASE(the_thread_woken_is_the_last_one_that_fell_asleep) {
    WorkerPool pool("test", 8, 100, 1, std::chrono::hours(1));
    std::set<std::thread::id> ran;
    for (int i = 0; i < 20; ++i) {
        // Every thread asleep again before the next task: it must wake one.
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (pool.awake() != 0) {
            BOOST_REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::yield();
        }
        std::promise<std::thread::id> thread;
        BOOST_REQUIRE(pool.submit([&] { thread.set_value(std::this_thread::get_id()); }));
        ran.insert(thread.get_future().get());
    }
    // The same warm thread every time, not the eight in turn.
    BOOST_TEST(ran.size() == 1u);
}
