#pragma once

// gzip for the simulator's bodies and parts. Terminals gzip whole JSON bodies
// and the detail part of multipart bodies; the load generator gzips one small
// detail per record, so compression reuses one zlib state per thread instead
// of paying deflateInit (a 256 KB allocation) each time.

#include <string>
#include <string_view>

namespace passway::sim::httpv2 {

// RFC 1952 gzip member of `data` (level 6, as terminals' zlib default).
std::string gzip(std::string_view data);

// Inflates a gzip (or zlib) stream; throws std::runtime_error on a corrupt or
// truncated stream, or when the result would exceed `maxBytes`.
std::string gunzip(std::string_view data, std::size_t maxBytes = 64u << 20);

}  // namespace passway::sim::httpv2
