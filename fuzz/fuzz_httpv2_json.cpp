// The tolerant JSON reader of httpv2 (strict parse, then one repair pass).
// Input: the whole body text.

#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

#include <Poco/Exception.h>

#include <cstdint>

using namespace passway::httpv2;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)parseJson(text);
    } catch (const ProtocolError&) {
    }
    try {
        (void)parseJsonObject(text, "the body");
    } catch (const ProtocolError&) {
    }
    (void)repairJson(text);
    return 0;
}
