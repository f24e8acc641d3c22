#include "wire/TolerantJson.h"

#include "wire/JsonBounds.h"
#include "wire/ProtocolError.h"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <cctype>

namespace passway::httpv2 {

namespace {

std::string_view trimmed(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    while (!text.empty() && (text.back() == '\0' || std::isspace(static_cast<unsigned char>(text.back())))) {
        text.remove_suffix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    return text;
}

Poco::Dynamic::Var strictParse(std::string_view text) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(std::string(text));
}

bool isWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; }

std::size_t skipSpace(std::string_view text, std::size_t i) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    return i;
}

} // namespace

std::string repairJson(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    bool inString = false;
    char lastSignificant = '\0';  // last character outside strings and whitespace
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text[++i];
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            lastSignificant = c;
            continue;
        }
        if (c == ',') {
            const std::size_t next = skipSpace(text, i + 1);
            if (next < text.size() && (text[next] == '}' || text[next] == ']')) continue;  // trailing comma
            out += c;
            lastSignificant = c;
            continue;
        }
        if (isWordStart(c) && (lastSignificant == '{' || lastSignificant == ',' || lastSignificant == ':' ||
                               lastSignificant == '[')) {
            std::size_t end = i;
            while (end < text.size() && isWordChar(text[end])) ++end;
            const std::string_view word = text.substr(i, end - i);
            const std::size_t after = skipSpace(text, end);
            const bool isKey = after < text.size() && text[after] == ':' && lastSignificant != ':';
            const bool literal = word == "true" || word == "false" || word == "null";
            if (isKey || !literal) {
                out += '"';
                out.append(word);
                out += '"';
            } else {
                out.append(word);
            }
            lastSignificant = '"';
            i = end - 1;
            continue;
        }
        out += c;
        if (!std::isspace(static_cast<unsigned char>(c))) lastSignificant = c;
    }
    return out;
}

Poco::Dynamic::Var parseJson(std::string_view text) {
    const std::string_view body = trimmed(text);
    if (body.empty()) throw ProtocolError::badRequest("malformed JSON: the text is empty");
    checkJsonBounds(body);  // before the parser builds (and later frees) nested objects recursively
    try {
        return strictParse(body);
    } catch (const Poco::Exception& strict) {
        const std::string repaired = repairJson(body);
        if (repaired != body) {
            try {
                return strictParse(repaired);
            } catch (const Poco::Exception&) {
                // Report the original text's error: it is the one the terminal made.
            }
        }
        throw ProtocolError::badRequest("malformed JSON: " + strict.message());
    }
}

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, std::string_view what) {
    const Poco::Dynamic::Var value = parseJson(text);
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw ProtocolError::badRequest(std::string(what) + " is not a JSON object");
    }
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    if (!object) throw ProtocolError::badRequest(std::string(what) + " is not a JSON object");
    return object;
}

} // namespace passway::httpv2
