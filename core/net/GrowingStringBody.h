#pragma once

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

namespace passway::net {

// A request body read into a std::string that grows with the bytes that
// arrive. Beast's string_body reserves the whole declared Content-Length
// before a byte of the body is read: a client declaring the route's limit
// on many connections, and then sending nothing, would make the server
// allocate that limit for each. Here at most kFirstReserve is reserved up
// front; appending doubles the capacity, so a body never holds more than
// twice what actually arrived.
struct GrowingStringBody {
    static constexpr std::size_t kFirstReserve = 64 * 1024;

    using value_type = std::string;

    static std::uint64_t size(const value_type& body) { return body.size(); }

    class reader {
    public:
        template <bool isRequest, class Fields>
        reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

        void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
            if (length) body_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, kFirstReserve)));
            ec = {};
        }

        template <class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
            std::size_t n = 0;
            for (const auto buffer : boost::beast::buffers_range_ref(buffers)) {
                body_.append(static_cast<const char*>(buffer.data()), buffer.size());
                n += buffer.size();
            }
            ec = {};
            return n;
        }

        void finish(boost::beast::error_code& ec) { ec = {}; }

    private:
        value_type& body_;
    };
};

} // namespace passway::net
