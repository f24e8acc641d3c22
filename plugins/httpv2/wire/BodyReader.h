#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// Reading a request body within limits, before anything parses it.
struct BodyLimits {
    std::size_t maxBody = 4u << 20;       // bytes on the wire (plugin.httpv2.max_body_bytes)
    std::size_t maxInflated = 16u << 20;  // bytes after gzip (plugin.httpv2.max_inflated_bytes)
};

// Reads a body of at most `maxBody` bytes from `in`. `declaredLength` is the
// Content-Length, or negative when the request has none (chunked).
// Throws ProtocolError 413 before reading a byte when the declared length is
// over the limit, or once an undeclared body passes it; 400 when fewer bytes
// arrive than declared (the terminal went away mid-body).
std::string readBody(std::istream& in, std::int64_t declaredLength, std::size_t maxBody);

// Undoes the Content-Encoding of a whole body: none/identity, gzip, x-gzip
// and deflate (zlib) are known. Throws ProtocolError 415 for anything else,
// and what gunzip() throws.
std::string decodeBody(std::string body, std::string_view contentEncoding, std::size_t maxInflated);

// Reads and drops up to `maxBytes` of what is left of a body, so that a
// refused request's answer reaches a terminal that is still sending (closing
// a socket with unread data makes the kernel reset the connection, and the
// terminal would never read the answer). Returns the bytes dropped.
std::size_t discardBody(std::istream& in, std::size_t maxBytes);

} // namespace passway::httpv2
