#include <boost/test/unit_test.hpp>

#include "ReadMeanwhile.h"
#include "StoreFixture.h"

#include "passway/Clock.h"

using namespace passway;

namespace {

OutboxItem makeItem(const std::string& url, std::int64_t nextAttemptAt = 0) {
    OutboxItem item;
    item.origin = "payroll.lua";
    item.url = url;
    item.headers = R"({"Content-Type":"application/json"})";
    item.body = R"({"user":1})";
    item.idempotencyKey = "key-" + url;
    item.nextAttemptAt = nextAttemptAt;
    item.attempts = 9;                 // ignored: a new item has no attempts
    item.state = OutboxState::Dead;    // ignored: a new item is pending
    return item;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(outbox, test::StoreFixture)

BOOST_AUTO_TEST_CASE(enqueue_fills_the_item) {
    const std::int64_t before = nowMillis();
    const OutboxItem item = store->outbox().enqueue(makeItem("https://hr/1"));
    BOOST_TEST(item.id > 0);
    BOOST_TEST(item.state == OutboxState::Pending);
    BOOST_TEST(item.attempts == 0);
    BOOST_TEST(item.createdAt >= before);
    BOOST_TEST(item.nextAttemptAt == item.createdAt);  // 0 means now
    const auto found = store->outbox().find(item.id);
    BOOST_REQUIRE(found);
    BOOST_TEST(found->origin == "payroll.lua");
    BOOST_TEST(found->method == "POST");
    BOOST_TEST(found->url == "https://hr/1");
    BOOST_TEST(found->headers == R"({"Content-Type":"application/json"})");
    BOOST_TEST(found->body == R"({"user":1})");
    BOOST_TEST(found->idempotencyKey == "key-https://hr/1");
    BOOST_TEST(store->outbox().enqueue(makeItem("https://hr/2", 5000)).nextAttemptAt == 5000);
    BOOST_TEST(!store->outbox().find(item.id + 100).has_value());
}

BOOST_AUTO_TEST_CASE(due_delivery_failure_retry_and_discard) {
    auto& outbox = store->outbox();
    const auto a = outbox.enqueue(makeItem("a", 100));
    const auto b = outbox.enqueue(makeItem("b", 300));
    const auto c = outbox.enqueue(makeItem("c", 200));
    outbox.enqueue(makeItem("later", 10'000));

    auto due = outbox.due(500, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 3u);
    BOOST_TEST(due[0].id == a.id);  // longest waiting first
    BOOST_TEST(due[1].id == c.id);
    BOOST_TEST(due[2].id == b.id);
    BOOST_TEST(outbox.due(500, 1).size() == 1u);
    BOOST_TEST(outbox.due(99, 10).empty());

    BOOST_TEST(outbox.markDelivered(a.id));
    BOOST_TEST(outbox.find(a.id)->state == OutboxState::Delivered);
    BOOST_TEST(!outbox.markDelivered(a.id));  // only once
    BOOST_TEST(!outbox.markAttemptFailed(a.id, "x", 1, false));

    BOOST_TEST(outbox.markAttemptFailed(c.id, "HTTP 503", 700, false));
    auto item = outbox.find(c.id);
    BOOST_TEST(item->state == OutboxState::Pending);
    BOOST_TEST(item->attempts == 1);
    BOOST_TEST(item->lastError == "HTTP 503");
    BOOST_TEST(item->nextAttemptAt == 700);
    BOOST_TEST(outbox.due(500, 10).size() == 1u);  // only b now

    BOOST_TEST(outbox.markAttemptFailed(c.id, "HTTP 400", 800, true));
    item = outbox.find(c.id);
    BOOST_TEST(item->state == OutboxState::Dead);
    BOOST_TEST(item->attempts == 2);
    BOOST_TEST(outbox.due(1'000'000, 10).size() == 2u);  // b and later, not the dead one

    const std::int64_t before = nowMillis();
    BOOST_TEST(outbox.retry(c.id));
    item = outbox.find(c.id);
    BOOST_TEST(item->state == OutboxState::Pending);
    BOOST_TEST(item->attempts == 2);                 // kept
    BOOST_TEST(item->nextAttemptAt >= before);       // due now
    BOOST_TEST(!outbox.retry(a.id));                 // delivered stays delivered
    BOOST_TEST(!outbox.retry(424242));

    BOOST_TEST(outbox.discard(c.id));
    BOOST_TEST(!outbox.discard(c.id));
    BOOST_TEST(!outbox.find(c.id).has_value());
}

BOOST_AUTO_TEST_CASE(list_and_counts_by_state) {
    auto& outbox = store->outbox();
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(outbox.enqueue(makeItem("u" + std::to_string(i))).id);
    outbox.markDelivered(ids[0]);
    outbox.markAttemptFailed(ids[1], "gone", 0, true);

    auto page = outbox.list(std::nullopt, 0, 2);
    BOOST_TEST(page.total == 5);
    BOOST_REQUIRE_EQUAL(page.items.size(), 2u);
    BOOST_TEST(page.items[0].id == ids[4]);  // newest first
    page = outbox.list(OutboxState::Pending, 0, 10);
    BOOST_TEST(page.total == 3);
    page = outbox.list(OutboxState::Dead, 0, 10);
    BOOST_TEST(page.items.at(0).id == ids[1]);
    BOOST_TEST(outbox.countInState(OutboxState::Pending) == 3);
    BOOST_TEST(outbox.countInState(OutboxState::Delivered) == 1);
    BOOST_TEST(outbox.countInState(OutboxState::Dead) == 1);
}

// The outbox screen while a script's unit of work is enqueueing: the last
// commit, at once (an outbox that keeps every delivery grows like the records).
BOOST_AUTO_TEST_CASE(the_list_does_not_wait_for_another_threads_transaction) {
    store->outbox().enqueue(makeItem("committed"));
    const auto seen = test::readMeanwhile(
        *store, [&] { store->outbox().enqueue(makeItem("in progress")); },
        [&] { return store->outbox().list(std::nullopt, 0, 10).total; });
    BOOST_TEST(seen.answeredMeanwhile);
    BOOST_TEST(seen.value == 1);
    BOOST_TEST(seen.insideValue == 2);
    BOOST_TEST(store->outbox().list(std::nullopt, 0, 10).total == 2);
}

BOOST_AUTO_TEST_CASE(enqueued_items_survive_a_reopen) {
    const auto item = store->outbox().enqueue(makeItem("durable"));
    reopen();
    BOOST_TEST(store->outbox().find(item.id)->url == "durable");
    BOOST_TEST(store->outbox().countInState(OutboxState::Pending) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
