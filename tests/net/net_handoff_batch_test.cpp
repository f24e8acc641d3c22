#include <boost/test/unit_test.hpp>

// HandoffBatch (core/util), as the record writer uses it with the HTTP
// front: work handed to real Asio event loops is posted at once without a
// batch, and with one only when the batch ends, one post per loop, each
// loop's work in the order it was handed off.

#include "util/HandoffBatch.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace asio = boost::asio;
using passway::HandoffBatch;

namespace {

// An event loop and how often something was posted to it.
struct Loop {
    asio::io_context context;
    int posts = 0;
    HandoffBatch::Post post() {
        return [this](HandoffBatch::Work work) {
            ++posts;
            asio::post(context, std::move(work));
        };
    }
    void give(std::vector<std::string>& log, const std::string& what) {
        HandoffBatch::handOff(this, post(), [&log, what] { log.push_back(what); });
    }
    // Runs what was posted; the number of handlers that ran.
    std::size_t drain() {
        context.restart();
        return context.poll();
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(without_a_batch_each_handoff_is_posted_at_once) {
    Loop loop;
    std::vector<std::string> log;
    loop.give(log, "a");
    loop.give(log, "b");
    BOOST_TEST(loop.posts == 2);
    BOOST_TEST(loop.drain() == 2u);
    BOOST_TEST(log == (std::vector<std::string>{"a", "b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_batch_posts_once_per_loop_when_it_ends_in_handoff_order) {
    Loop first;
    Loop second;
    std::vector<std::string> firstLog;
    std::vector<std::string> secondLog;
    {
        HandoffBatch batch;
        first.give(firstLog, "1");
        second.give(secondLog, "x");
        first.give(firstLog, "2");
        first.give(firstLog, "3");
        second.give(secondLog, "y");
        BOOST_TEST(first.posts == 0);
        BOOST_TEST(second.posts == 0);
        BOOST_TEST(first.drain() == 0u);
    }
    BOOST_TEST(first.posts == 1);
    BOOST_TEST(second.posts == 1);
    BOOST_TEST(first.drain() == 1u);
    BOOST_TEST(second.drain() == 1u);
    BOOST_TEST(firstLog == (std::vector<std::string>{"1", "2", "3"}), boost::test_tools::per_element());
    BOOST_TEST(secondLog == (std::vector<std::string>{"x", "y"}), boost::test_tools::per_element());

    // The batch is gone: the next hand-off is posted at once again.
    first.give(firstLog, "4");
    BOOST_TEST(first.posts == 2);
}

BOOST_AUTO_TEST_CASE(an_inner_batch_posts_its_own_work_when_it_ends) {
    Loop loop;
    std::vector<std::string> log;
    {
        HandoffBatch outer;
        loop.give(log, "outer-1");
        {
            HandoffBatch inner;
            loop.give(log, "inner");
        }
        BOOST_TEST(loop.posts == 1);
        BOOST_TEST(loop.drain() == 1u);
        BOOST_TEST(log == (std::vector<std::string>{"inner"}), boost::test_tools::per_element());
        loop.give(log, "outer-2");
    }
    BOOST_TEST(loop.posts == 2);
    loop.drain();
    BOOST_TEST(log == (std::vector<std::string>{"inner", "outer-1", "outer-2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(work_that_throws_does_not_keep_the_rest_from_running) {
    Loop loop;
    std::vector<std::string> log;
    {
        HandoffBatch batch;
        loop.give(log, "before");
        HandoffBatch::handOff(&loop, loop.post(), [] { throw std::runtime_error("one answer failed"); });
        loop.give(log, "after");
    }
    // The loop sees the failure, as it would have seen a single post's.
    BOOST_CHECK_THROW(loop.drain(), std::runtime_error);
    BOOST_TEST(log == (std::vector<std::string>{"before", "after"}), boost::test_tools::per_element());
}
