#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>

#include <cctype>
#include <cstdint>
#include <limits>

namespace passway::attlog {

namespace {

bool isWordStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool isWordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '$';
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// One recursive-descent pass over the text; every failure names its offset.
class Reader {
public:
    Reader(std::string_view text, const ReaderLimits& limits) : text_(text), limits_(limits) {}

    Poco::Dynamic::Var document() {
        if (text_.size() > limits_.maxBytes) {
            throw MalformedJson("the text is " + std::to_string(text_.size()) + " bytes, more than " +
                                std::to_string(limits_.maxBytes));
        }
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
        skipSpace();
        if (atEnd()) fail("the text is empty");
        Poco::Dynamic::Var value = parseValue(0);
        skipSpace();
        while (!atEnd() && text_[pos_] == '\0') ++pos_;  // C senders' terminating NUL
        skipSpace();
        if (!atEnd()) fail("unexpected text after the value");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw MalformedJson("malformed JSON at byte " + std::to_string(pos_) + ": " + why);
    }
    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }

    void count() {
        if (++values_ > limits_.maxValues) fail("more than " + std::to_string(limits_.maxValues) + " values");
    }

    // Whitespace, `#` comments and the document's `*` remarks.
    void skipSpace() {
        while (!atEnd()) {
            const char c = text_[pos_];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++pos_;
            } else if (c == '#' || c == '*') {
                while (!atEnd() && text_[pos_] != '\n') ++pos_;
            } else {
                return;
            }
        }
    }

    // The document's "....." placeholders between elements.
    bool skipEllipsis() {
        if (peek() != '.') return false;
        while (peek() == '.') ++pos_;
        skipSpace();
        if (peek() == ',') ++pos_;
        skipSpace();
        return true;
    }

    Poco::Dynamic::Var parseValue(int depth) {
        skipSpace();
        count();
        const char c = peek();
        if (c == '{') return parseObject(depth + 1);
        if (c == '[') return parseArray(depth + 1);
        if (c == '"' || c == '\'') return parseString();
        if (c == '-' || c == '+' || std::isdigit(static_cast<unsigned char>(c))) return parseNumber();
        if (isWordStart(c)) return parseWord();
        if (atEnd()) fail("the text ends where a value should be");
        fail(std::string("unexpected character '") + c + "'");
    }

    Poco::Dynamic::Var parseObject(int depth) {
        if (depth > limits_.maxDepth) fail("nested deeper than " + std::to_string(limits_.maxDepth));
        ++pos_;  // {
        Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (;;) {
            skipSpace();
            if (skipEllipsis()) continue;
            if (peek() == '}') {
                ++pos_;
                return object;
            }
            if (peek() == ',') {  // an empty member: a doubled or leading comma
                ++pos_;
                continue;
            }
            std::string key;
            if (peek() == '"' || peek() == '\'') {
                key = parseString();
            } else if (isWordStart(peek())) {
                const std::size_t start = pos_;
                while (!atEnd() && isWordChar(text_[pos_])) ++pos_;
                key.assign(text_.substr(start, pos_ - start));
            } else {
                fail(atEnd() ? "the text ends inside an object" : "a member name should be here");
            }
            skipSpace();
            if (peek() != ':') fail("':' should follow the member name \"" + key + "\"");
            ++pos_;
            object->set(key, parseValue(depth));
            skipSpace();
            if (peek() == ',') ++pos_;  // optional: a missing comma is tolerated
        }
    }

    Poco::Dynamic::Var parseArray(int depth) {
        if (depth > limits_.maxDepth) fail("nested deeper than " + std::to_string(limits_.maxDepth));
        ++pos_;  // [
        Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
        for (;;) {
            skipSpace();
            if (skipEllipsis()) continue;
            if (peek() == ']') {
                ++pos_;
                return array;
            }
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (atEnd()) fail("the text ends inside an array");
            array->add(parseValue(depth));
            skipSpace();
            if (peek() == ',') ++pos_;
        }
    }

    std::uint32_t hex4() {
        if (pos_ + 4 > text_.size()) fail("a \\u escape needs four hex digits");
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = text_[pos_++];
            v <<= 4;
            if (h >= '0' && h <= '9')
                v |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                v |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                v |= static_cast<std::uint32_t>(h - 'A' + 10);
            else
                fail("a \\u escape needs four hex digits");
        }
        return v;
    }

    std::string parseString() {
        const char quote = text_[pos_++];
        std::string out;
        for (;;) {
            if (atEnd()) fail("a string is not closed");
            if (out.size() > limits_.maxStringBytes) {
                fail("a string is longer than " + std::to_string(limits_.maxStringBytes) + " bytes");
            }
            const char c = text_[pos_++];
            if (c == quote) return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (atEnd()) fail("a string is not closed");
            const char e = text_[pos_++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    std::uint32_t cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                        pos_ += 2;
                        const std::uint32_t low = hex4();
                        if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default:
                    out += e;
                    break;  // \" \' \\ \/ and anything else as itself
            }
        }
    }

    Poco::Dynamic::Var parseNumber() {
        const std::size_t start = pos_;
        if (peek() == '-' || peek() == '+') ++pos_;
        bool integral = true;
        while (!atEnd()) {
            const char c = text_[pos_];
            if (std::isdigit(static_cast<unsigned char>(c))) {
                ++pos_;
            } else if (c == '.' || c == 'e' || c == 'E' ||
                       ((c == '-' || c == '+') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E'))) {
                integral = false;
                ++pos_;
            } else {
                break;
            }
        }
        std::string number(text_.substr(start, pos_ - start));
        if (!number.empty() && number.front() == '+') number.erase(0, 1);
        try {
            if (integral) {
                std::size_t used = 0;
                const long long v = std::stoll(number, &used);
                if (used == number.size()) return static_cast<Poco::Int64>(v);
            } else {
                std::size_t used = 0;
                const double v = std::stod(number, &used);
                if (used == number.size()) return v;
            }
        } catch (const std::exception&) {
            // Falls through to the error below (out of range, a lone '-').
        }
        fail("'" + number + "' is not a number");
    }

    // true / false / null (and Python's spellings), else the word as a
    // string; a word followed by '(' takes its balanced argument list along.
    Poco::Dynamic::Var parseWord() {
        const std::size_t start = pos_;
        while (!atEnd() && isWordChar(text_[pos_])) ++pos_;
        const std::string word(text_.substr(start, pos_ - start));
        if (word == "true" || word == "True") return true;
        if (word == "false" || word == "False") return false;
        if (word == "null" || word == "None") return Poco::Dynamic::Var();
        if (peek() != '(') return word;
        int open = 0;
        char quote = '\0';
        while (!atEnd()) {
            const char c = text_[pos_++];
            if (quote) {
                if (c == '\\')
                    ++pos_;
                else if (c == quote)
                    quote = '\0';
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                ++open;
            } else if (c == ')' && --open == 0) {
                return std::string(text_.substr(start, pos_ - start));
            }
            if (pos_ - start > limits_.maxStringBytes) fail("an expression is too long");
        }
        fail("an expression's parentheses are not closed");
    }

    std::string_view text_;
    const ReaderLimits& limits_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
};

}  // namespace

Poco::Dynamic::Var readJson(std::string_view text, const ReaderLimits& limits) {
    return Reader(text, limits).document();
}

Poco::JSON::Object::Ptr readJsonObject(std::string_view text, const ReaderLimits& limits) {
    const Poco::Dynamic::Var value = readJson(text, limits);
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw MalformedJson("the body is not a JSON object");
    return value.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace passway::attlog
