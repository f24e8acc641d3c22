// The tcpjson stream splitter (JSON objects cut out of a TCP stream).
// Input: first line = read sizes (each byte one read of 1..256 bytes,
// cycling), rest = the stream. Fed in those pieces, as a socket delivers.

#include "FuzzInput.h"
#include "wire/JsonStreamSplitter.h"

#include <algorithm>

using namespace passway::tcpjson;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = passway::fuzz::splitFirstLine(data, size);
    constexpr std::size_t kMaxObject = 64 * 1024;
    JsonStreamSplitter splitter(kMaxObject);
    passway::fuzz::ChunkSizes sizes(input.header);
    std::vector<std::string> objects;
    std::string_view rest = input.body;
    try {
        while (!rest.empty()) {
            const std::size_t n = std::min(rest.size(), sizes.next());
            splitter.feed(rest.substr(0, n), objects);
            rest.remove_prefix(n);
            if (splitter.buffered() > kMaxObject) __builtin_trap();  // the limit must hold
        }
    } catch (const FramingError&) {
    }
    for (const std::string& object : objects) {
        if (object.empty() || object.front() != '{' || object.back() != '}') __builtin_trap();
    }
    return 0;
}
