#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// gzip as terminals use it: whole request bodies (Content-Encoding: gzip) and
// single multipart parts. Inflating is bounded: a small body that inflates
// to gigabytes (a gzip bomb) is refused as soon as the output passes
// `maxOutput`, having used no more than that much memory.

// True when the bytes start with the gzip magic (1f 8b).
bool looksGzipped(std::string_view bytes);

// Inflates a gzip or zlib stream (concatenated gzip members included).
// Throws ProtocolError: 400 for a corrupt or truncated stream, 413 when the
// output would exceed `maxOutput` bytes.
std::string gunzip(std::string_view compressed, std::size_t maxOutput);

// gzip of `plain` (for replies to terminals that accept it, and for tests).
std::string gzip(std::string_view plain, int level = 6);

} // namespace passway::httpv2
