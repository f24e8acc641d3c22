#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace passway::tcpjson {

// The stream is not JSON objects, or one is larger than allowed. The
// connection that sent it is answered with an error and closed.
class FramingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Cuts a byte stream into JSON object texts. Seed 001 has no framing of its
// own: an object ends where its outermost brace closes, so the splitter
// counts braces outside strings (escapes respected). Whitespace between
// objects is skipped; anything else there is garbage. Bytes arrive in any
// split: one object across many reads or many objects in one read.
// The JSON inside an object is not validated here (the parser does that).
class JsonStreamSplitter {
public:
    // Bounds on what the parser may be made to build from one object: the
    // document's objects are 3 levels deep and a few hundred values.
    static constexpr int kMaxDepth = 32;
    static constexpr std::size_t kMaxValues = 100000;

    explicit JsonStreamSplitter(std::size_t maxObjectBytes) : maxObjectBytes_(maxObjectBytes) {}

    // Appends the objects completed by `bytes` to `out`. Throws FramingError.
    void feed(std::string_view bytes, std::vector<std::string>& out);

    // Bytes of an object begun and not finished yet.
    std::size_t buffered() const { return current_.size(); }

private:
    void countValue();

    std::size_t maxObjectBytes_;
    std::string current_;
    int depth_ = 0;
    std::size_t values_ = 0;  // commas and brackets of the current object
    bool inString_ = false;
    bool escaped_ = false;
};

} // namespace passway::tcpjson
