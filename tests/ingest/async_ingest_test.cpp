// ingestAsync: the record intake without a waiting thread per caller. The
// callback comes once per call, after the records are durable, from the
// writer (or at once from the caller when the call is refused); a plugin
// sees HostError only and is not unloaded while a callback is owed.

#include <boost/test/unit_test.hpp>

#include "IngestFixture.h"
#include "passway/HostError.h"
#include "plugin/services/PluginRecords.h"
#include "store/StoreError.h"

#include <Poco/Logger.h>

#include <atomic>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace passway;
using namespace std::chrono_literals;
using test::IngestFixture;
using test::itemFor;

namespace {

std::vector<IngestItem> one(IngestItem item) {
    std::vector<IngestItem> items;
    items.push_back(std::move(item));
    return items;
}

// What the callbacks of several calls saw, shared with them (they may
// outlive a failed check of the test body).
struct Answers {
    struct Answer {
        std::thread::id thread;
        IngestResult result;
        bool storedWhenAnswered = false;
    };
    std::mutex mutex;
    std::vector<Answer> list;

    void add(Answer answer) {
        std::lock_guard lock(mutex);
        list.push_back(std::move(answer));
    }
    std::size_t size() {
        std::lock_guard lock(mutex);
        return list.size();
    }
    std::vector<Answer> snapshot() {
        std::lock_guard lock(mutex);
        return list;
    }
};

std::string errorText(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(each_call_is_answered_once_from_the_writer_after_its_records_are_stored) {
    IngestFixture f;
    auto answers = std::make_shared<Answers>();
    constexpr int kCalls = 40;
    for (int i = 0; i < kCalls; ++i) {
        f.ingest->ingestAsync(one(itemFor(f.deviceId, i, i % 2 == 0)), [answers, &f](IngestResult result) {
            Answers::Answer answer{std::this_thread::get_id(), result};
            if (!result.error && !result.outcomes.empty()) {
                answer.storedWhenAnswered = f.store->records().find(result.outcomes.front().recordId).has_value();
            }
            answers->add(std::move(answer));
        });
    }
    BOOST_REQUIRE(test::waitUntil([&] { return answers->size() >= std::size_t(kCalls); }));
    const auto list = answers->snapshot();
    BOOST_TEST(list.size() == std::size_t(kCalls));
    for (const auto& answer : list) {
        BOOST_TEST(!answer.result.error);
        BOOST_REQUIRE_EQUAL(answer.result.outcomes.size(), 1u);
        BOOST_TEST(answer.result.outcomes.front().created);
        BOOST_TEST(answer.storedWhenAnswered);
        BOOST_TEST((answer.thread != std::this_thread::get_id()));
    }
    BOOST_TEST(f.store->records().count() == kCalls);
    BOOST_REQUIRE(test::waitUntil([&] { return f.created.size() >= std::size_t(kCalls) && f.bus.queued() == 0u; }));
    BOOST_TEST(f.created.size() == std::size_t(kCalls));
    // They shared transactions: the caller did not wait for one before queueing the next.
    BOOST_TEST(f.counter("passway_ingest_batches_total") < std::uint64_t(kCalls));
}

BOOST_AUTO_TEST_CASE(a_call_the_intake_refuses_is_answered_at_once_on_the_callers_thread) {
    IngestFixture f;
    f.ingest->shutdown();
    std::optional<IngestResult> seen;
    std::thread::id thread;
    f.ingest->ingestAsync(one(itemFor(f.deviceId, 1)), [&](IngestResult result) {
        thread = std::this_thread::get_id();
        seen = std::move(result);
    });
    BOOST_REQUIRE(seen.has_value());  // before ingestAsync returned
    BOOST_TEST((thread == std::this_thread::get_id()));
    BOOST_REQUIRE(seen->error);
    BOOST_CHECK_THROW(std::rethrow_exception(seen->error), StoreError);
    BOOST_TEST(seen->outcomes.empty());
    BOOST_TEST(f.store->records().count() == 0);

    // An empty call has nothing to store: answered at once, with nothing.
    IngestFixture g;
    bool answered = false;
    g.ingest->ingestAsync({}, [&](IngestResult result) { answered = !result.error && result.outcomes.empty(); });
    BOOST_TEST(answered);
}

BOOST_AUTO_TEST_CASE(a_store_failure_reaches_every_asynchronous_caller_and_nothing_is_stored) {
    IngestFixture f({}, /*busyTimeoutMs=*/100);
    auto lock = std::make_unique<test::WriteLockHolder>(f.databasePath);
    auto answers = std::make_shared<Answers>();
    constexpr int kCalls = 6;
    for (int i = 0; i < kCalls; ++i) {
        f.ingest->ingestAsync(one(itemFor(f.deviceId, i)), [answers](IngestResult result) {
            answers->add({std::this_thread::get_id(), std::move(result)});
        });
    }
    BOOST_REQUIRE(test::waitUntil([&] { return answers->size() >= std::size_t(kCalls); }));
    for (const auto& answer : answers->snapshot()) {
        BOOST_REQUIRE(answer.result.error);
        BOOST_CHECK_THROW(std::rethrow_exception(answer.result.error), StoreError);
        BOOST_TEST(answer.result.outcomes.empty());
    }
    lock.reset();
    BOOST_TEST(f.store->records().count() == 0);
    BOOST_TEST(f.ingest->ingest(itemFor(f.deviceId, 0)).created);  // the retry lands
}

BOOST_AUTO_TEST_CASE(a_callback_that_throws_or_ingests_again_does_not_stop_the_writer) {
    IngestFixture f;
    std::promise<std::string> nested;
    f.ingest->ingestAsync(one(itemFor(f.deviceId, 1)), [&](IngestResult) {
        // On the writer thread a blocking ingest would wait for itself: it is refused instead.
        try {
            f.ingest->ingest(itemFor(f.deviceId, 2));
            nested.set_value("accepted");
        } catch (const StoreError& e) {
            nested.set_value(std::string("refused: ") + e.what());
        }
        throw std::runtime_error("a callback that fails");
    });
    auto refusal = nested.get_future();
    BOOST_REQUIRE((refusal.wait_for(10s) == std::future_status::ready));
    const std::string text = refusal.get();
    BOOST_TEST(text.rfind("refused: ", 0) == 0, text);
    BOOST_TEST(text.find("callback") != std::string::npos, text);

    // The writer goes on serving.
    BOOST_TEST(f.ingest->ingest(itemFor(f.deviceId, 3)).created);
    BOOST_TEST(f.store->records().count() == 2);
}

BOOST_AUTO_TEST_CASE(a_plugin_gets_host_errors_and_is_not_released_while_a_callback_is_owed) {
    IngestFixture f({}, /*busyTimeoutMs=*/20000);
    plugin::PluginRecords records(*f.ingest, Poco::Logger::get("plugin.async-test"));

    // A batch held up by a locked store: its callback is owed until the lock goes.
    auto lock = std::make_unique<test::WriteLockHolder>(f.databasePath);
    std::atomic<int> calls{0};
    std::atomic<bool> created{false};
    records.ingestAsync(one(itemFor(f.deviceId, 1)), [&](IngestResult result) {
        created = !result.error && result.outcomes.at(0).created;
        ++calls;
    });
    BOOST_TEST(records.pending() == 1u);
    auto draining = std::async(std::launch::async, [&] { records.drain(); });
    BOOST_TEST((draining.wait_for(200ms) == std::future_status::timeout));  // still owed: drain waits
    lock.reset();
    BOOST_REQUIRE((draining.wait_for(15s) == std::future_status::ready));
    BOOST_TEST(calls.load() == 1);
    BOOST_TEST(created.load());
    BOOST_TEST(records.pending() == 0u);

    // The intake's own StoreError reaches the plugin as HostError (Unavailable).
    f.ingest->shutdown();
    std::exception_ptr error;
    records.ingestAsync(one(itemFor(f.deviceId, 2)), [&](IngestResult result) { error = result.error; });
    BOOST_REQUIRE(error);
    try {
        std::rethrow_exception(error);
    } catch (const HostError& e) {
        BOOST_TEST((e.kind() == HostError::Kind::Unavailable));
    } catch (...) {
        BOOST_FAIL("expected HostError, got: " + errorText(std::current_exception()));
    }
    BOOST_TEST(records.pending() == 0u);
}
