#include <boost/test/unit_test.hpp>

// The upload-sized read buffers a server's connections keep (ReadBufferPool):
// within the budget a buffer is kept and handed from a closing connection to
// the next one with its memory (no new allocation, no page faults); beyond
// it a connection must shrink; nothing is counted twice or lost.

#include "net/ReadBufferPool.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>

#include <string>

using passway::net::ReadBufferPool;
namespace beast = boost::beast;

namespace {

constexpr std::size_t kBuffer = 64 * 1024;

beast::flat_buffer grown() {
    beast::flat_buffer buffer{kBuffer};
    buffer.reserve(kBuffer);
    return buffer;
}

void append(beast::flat_buffer& buffer, const std::string& text) {
    buffer.commit(boost::asio::buffer_copy(buffer.prepare(text.size()), boost::asio::buffer(text)));
}

std::string text(const beast::flat_buffer& buffer) { return beast::buffers_to_string(buffer.data()); }

} // namespace

BOOST_AUTO_TEST_CASE(buffers_are_kept_within_the_budget_and_refused_beyond_it) {
    ReadBufferPool pool(3 * kBuffer);
    BOOST_TEST(pool.keep(kBuffer));
    BOOST_TEST(pool.keep(kBuffer));
    BOOST_TEST(pool.keep(kBuffer));
    BOOST_TEST(!pool.keep(kBuffer));  // the fourth connection shrinks instead
    BOOST_TEST(pool.counted() == 3 * kBuffer);
    pool.release(kBuffer);
    BOOST_TEST(pool.keep(kBuffer));
    pool.release(0);  // a connection that kept nothing
    BOOST_TEST(pool.counted() == 3 * kBuffer);
}

BOOST_AUTO_TEST_CASE(a_closing_connections_buffer_serves_the_next_with_its_memory) {
    ReadBufferPool pool(2 * kBuffer);
    beast::flat_buffer first = grown();
    BOOST_REQUIRE(pool.keep(first.capacity()));
    append(first, "left over from the last request");
    const void* memory = first.data().data();  // where its bytes begin
    const std::size_t counted = first.capacity();
    pool.park(std::move(first), counted);  // the connection closes: still counted, now spare
    BOOST_TEST(pool.parked() == 1u);
    BOOST_TEST(pool.counted() == counted);

    // The next connection has read a head into its small buffer.
    beast::flat_buffer next{kBuffer};
    append(next, "POST /Record/UploadIdentifyRecord HTTP/1.1\r\n\r\nbody start");
    const std::size_t taken = pool.reuse(next);
    BOOST_TEST(taken == counted);
    BOOST_TEST(pool.parked() == 0u);
    BOOST_TEST(text(next) == "POST /Record/UploadIdentifyRecord HTTP/1.1\r\n\r\nbody start");  // unread bytes moved along
    BOOST_TEST(next.capacity() >= kBuffer);
    BOOST_TEST(next.data().data() == memory);  // the same memory, not a new allocation

    // Nothing parked: the caller keeps its buffer and counts nothing.
    beast::flat_buffer third{kBuffer};
    append(third, "x");
    BOOST_TEST(pool.reuse(third) == 0u);
    BOOST_TEST(text(third) == "x");

    pool.release(taken);
    BOOST_TEST(pool.counted() == 0u);
}
