#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace passway::attlog {

// Bounds of one parse: a hostile body costs at most this much.
struct ReaderLimits {
    std::size_t maxBytes = 8u << 20;
    int maxDepth = 32;
    std::size_t maxValues = 200000;  // every scalar, object and array counts one
    std::size_t maxStringBytes = 64u << 10;
};

// Why a text was not read; `what()` names the position.
class MalformedJson : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// JSON as the seed 000 document writes it, read liberally (bridges are
// small Python programs and the document is their only reference):
//   - strings in double or single quotes ('OK', 'PIN'), with JSON escapes;
//   - member names quoted or bare (PIN: "1");
//   - a missing comma between members or elements (the document's
//     `"token": "gh_..."` newline `"SN": ...`) and trailing commas;
//   - `#` comments and the document's `*` remarks, both to the end of the line;
//   - Python's True / False / None;
//   - bare words as strings (s_timeStamp), a bare call with its arguments
//     (format("%s" % (...))) as its text, and `....` placeholders skipped.
// Objects keep their key order. What is sent back is always strict JSON.
Poco::Dynamic::Var readJson(std::string_view text, const ReaderLimits& limits = {});

// readJson() of a text that must hold an object.
Poco::JSON::Object::Ptr readJsonObject(std::string_view text, const ReaderLimits& limits = {});

}  // namespace passway::attlog
