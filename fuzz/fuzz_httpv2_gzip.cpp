// gzip/deflate request bodies and parts of httpv2 (bounded inflation).
// Input: first line = the Content-Encoding value, rest = the body.

#include "FuzzInput.h"
#include "wire/BodyReader.h"
#include "wire/Gzip.h"
#include "wire/ProtocolError.h"

#include <string>

using namespace passway::httpv2;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = passway::fuzz::splitFirstLine(data, size);
    constexpr std::size_t kMaxOutput = 1 << 20;
    try {
        const std::string plain = gunzip(input.body, kMaxOutput);
        if (plain.size() > kMaxOutput) __builtin_trap();  // the bound is the point
    } catch (const ProtocolError&) {
    }
    try {
        const std::string plain = decodeBody(std::string(input.body), input.header, kMaxOutput);
        if (plain.size() > kMaxOutput && !input.header.empty() && input.header != "identity") __builtin_trap();
    } catch (const ProtocolError&) {
    }
    return 0;
}
