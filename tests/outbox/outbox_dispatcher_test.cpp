#include <boost/test/unit_test.hpp>

// The outbox dispatcher against a real HTTP receiver on 127.0.0.1 and a real
// SQLite file: delivery with the Idempotency-Key, retries with exponential
// back-off while the receiver fails or is down, delivery after it comes
// back (also when the host restarted meanwhile), the dead-letter state.

#include "outbox/OutboxDispatcher.h"
#include "store/sqlite/SqliteStore.h"
#include "support/HttpReceiver.h"
#include "support/TempDir.h"

#include <functional>
#include <ostream>
#include <thread>

namespace passway {
std::ostream& operator<<(std::ostream& out, OutboxState state) { return out << toString(state); }
}  // namespace passway

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

OutboxOptions fast() {
    OutboxOptions o;
    o.pollInterval = 20ms;
    o.backoff = 100ms;
    o.maxBackoff = 400ms;
    o.maxAttempts = 30;
    o.requestTimeout = 2s;
    return o;
}

struct Site {
    TempDir dir{"passway-outbox"};
    std::unique_ptr<Store> store;
    std::unique_ptr<OutboxDispatcher> dispatcher;
    OutboxOptions options = fast();

    Site() { open(); }
    void open() {
        store = openSqliteStore(SqliteOptions{dir.file("passway.db"), "NORMAL"});
        dispatcher = std::make_unique<OutboxDispatcher>(*store, options);
        dispatcher->start();
    }
    void close() {
        dispatcher.reset();
        store.reset();
    }
    std::int64_t enqueue(const std::string& url, const std::string& key = "", const std::string& body = R"({"n":1})") {
        OutboxItem item;
        item.origin = "test";
        item.url = url;
        item.body = body;
        item.headers = R"({"Content-Type":"application/json","X-Site":"north"})";
        item.idempotencyKey = key;
        const auto id = store->outbox().enqueue(item).id;
        dispatcher->notify();
        return id;
    }
    OutboxItem item(std::int64_t id) { return *store->outbox().find(id); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_item_is_delivered_once_with_its_headers_and_idempotency_key) {
    HttpReceiver receiver;
    Site site;
    const auto id = site.enqueue(receiver.url("/payroll?x=1"), "record-42");
    BOOST_REQUIRE(waitFor([&] { return site.item(id).state == OutboxState::Delivered; }));
    const auto got = receiver.requests();
    BOOST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0].method == "POST");
    BOOST_TEST(got[0].uri == "/payroll?x=1");
    BOOST_TEST(got[0].body == R"({"n":1})");
    BOOST_TEST(got[0].headers.at("Idempotency-Key") == "record-42");
    BOOST_TEST(got[0].headers.at("X-Site") == "north");
    BOOST_TEST(site.item(id).attempts == 1);
    std::this_thread::sleep_for(200ms);
    BOOST_TEST(receiver.count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failing_receiver_is_retried_with_growing_delays_until_it_accepts) {
    HttpReceiver receiver;
    receiver.setStatus(503);
    Site site;
    const auto id = site.enqueue(receiver.url("/"));
    BOOST_REQUIRE(waitFor([&] { return receiver.count() >= 4; }));
    receiver.setStatus(200);
    BOOST_REQUIRE(waitFor([&] { return site.item(id).state == OutboxState::Delivered; }));
    const auto got = receiver.requests();
    // Back-off 100, 200, 400 ms (then capped at 400): each gap at least the
    // back-off, and the second and third gaps longer than the first.
    BOOST_REQUIRE(got.size() >= 5u);
    const auto gap = [&](std::size_t i) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(got[i].at - got[i - 1].at).count();
    };
    BOOST_TEST(gap(1) >= 100);
    BOOST_TEST(gap(2) >= 200);
    BOOST_TEST(gap(3) >= 400);
    BOOST_TEST(gap(3) > gap(1));
    // Every attempt carried the same key.
    for (const auto& r : got) BOOST_TEST(r.headers.at("Idempotency-Key") == got[0].headers.at("Idempotency-Key"));
    BOOST_TEST(site.item(id).attempts == static_cast<int>(got.size()));
    BOOST_TEST(site.dispatcher->backoffAfter(1).count() == 100);
    BOOST_TEST(site.dispatcher->backoffAfter(3).count() == 400);
    BOOST_TEST(site.dispatcher->backoffAfter(10).count() == 400);
}

BOOST_AUTO_TEST_CASE(an_item_queued_while_the_receiver_is_down_is_delivered_after_a_restart) {
    HttpReceiver receiver;
    const std::string url = receiver.url("/hook");
    receiver.stop();  // connection refused from now on
    Site site;
    const auto id = site.enqueue(url, "k-restart");
    BOOST_REQUIRE(waitFor([&] { return site.item(id).attempts >= 2; }));
    BOOST_TEST(site.item(id).state == OutboxState::Pending);
    BOOST_TEST(!site.item(id).lastError.empty());

    site.close();     // the host goes down with the item pending
    receiver.start(); // the receiver comes back on the same port
    BOOST_TEST(receiver.count() == 0u);
    site.open();      // a new host on the same SQLite file
    BOOST_REQUIRE(waitFor([&] { return site.item(id).state == OutboxState::Delivered; }));
    const auto got = receiver.requests();
    BOOST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0].headers.at("Idempotency-Key") == "k-restart");
}

BOOST_AUTO_TEST_CASE(a_refusal_that_cannot_get_better_is_dead_at_once_and_can_be_retried) {
    HttpReceiver receiver;
    receiver.setStatus(400);
    Site site;
    const auto id = site.enqueue(receiver.url("/"));
    BOOST_REQUIRE(waitFor([&] { return site.item(id).state == OutboxState::Dead; }));
    BOOST_TEST(site.item(id).attempts == 1);
    BOOST_TEST(site.item(id).lastError == "HTTP 400");
    receiver.setStatus(201);
    BOOST_TEST(site.store->outbox().retry(id));
    site.dispatcher->notify();
    BOOST_TEST(waitFor([&] { return site.item(id).state == OutboxState::Delivered; }));
}

BOOST_AUTO_TEST_CASE(an_item_goes_dead_after_the_last_attempt) {
    HttpReceiver receiver;
    receiver.setStatus(500);
    Site site;
    site.close();
    site.options.maxAttempts = 3;
    site.options.backoff = 10ms;
    site.open();
    const auto id = site.enqueue(receiver.url("/"));
    BOOST_REQUIRE(waitFor([&] { return site.item(id).state == OutboxState::Dead; }));
    BOOST_TEST(site.item(id).attempts == 3);
    BOOST_TEST(receiver.count() == 3u);
}
