#include "script/LuaJson.h"

#include "script/LuaApi.h"
#include "script/LuaSandbox.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace passway::lua {

namespace {

constexpr int kMaxDepth = 64;
char nullSentinel;

class Decoder {
public:
    Decoder(lua_State* L, const std::string& text)
        : L_(L), begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

    void run() {
        value(0);
        skipSpace();
        if (p_ != end_) fail("trailing characters");
    }

private:
    [[noreturn]] void fail(const char* what) {
        throw Misuse(std::string("json: ") + what + " at offset " + std::to_string(offset()));
    }
    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }

    void skipSpace() {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) advance();
    }
    void advance() { ++p_; }
    bool literal(const char* word) {
        const char* q = p_;
        for (; *word; ++word, ++q) {
            if (q == end_ || *q != *word) return false;
        }
        p_ = q;
        return true;
    }

    void value(int depth) {
        if (depth > kMaxDepth) fail("nested too deep");
        if (!lua_checkstack(L_, 4)) fail("nested too deep");
        skipSpace();
        if (p_ == end_) fail("unexpected end");
        switch (*p_) {
        case '{': object(depth); return;
        case '[': array(depth); return;
        case '"': string(); return;
        case 't': if (literal("true")) { lua_pushboolean(L_, 1); return; } break;
        case 'f': if (literal("false")) { lua_pushboolean(L_, 0); return; } break;
        case 'n': if (literal("null")) { lua_pushnil(L_); return; } break;
        default: number(); return;
        }
        fail("unexpected character");
    }

    void object(int depth) {
        advance();
        lua_newtable(L_);
        skipSpace();
        if (p_ != end_ && *p_ == '}') { advance(); return; }
        while (true) {
            skipSpace();
            if (p_ == end_ || *p_ != '"') fail("object key expected");
            string();
            skipSpace();
            if (p_ == end_ || *p_ != ':') fail("':' expected");
            advance();
            value(depth + 1);
            lua_rawset(L_, -3);  // a nil value sets nothing: null fields are absent
            skipSpace();
            if (p_ == end_) fail("unexpected end");
            if (*p_ == ',') { advance(); continue; }
            if (*p_ == '}') { advance(); return; }
            fail("',' or '}' expected");
        }
    }

    void array(int depth) {
        advance();
        lua_newtable(L_);
        skipSpace();
        if (p_ != end_ && *p_ == ']') { advance(); return; }
        lua_Integer index = 1;
        while (true) {
            value(depth + 1);
            lua_rawseti(L_, -2, index++);
            skipSpace();
            if (p_ == end_) fail("unexpected end");
            if (*p_ == ',') { advance(); continue; }
            if (*p_ == ']') { advance(); return; }
            fail("',' or ']' expected");
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    unsigned codeUnit() {
        unsigned unit = 0;
        for (int i = 0; i < 4; ++i) {
            if (p_ == end_ || hex(*p_) < 0) fail("bad \\u escape");
            unit = unit * 16 + static_cast<unsigned>(hex(*p_));
            advance();
        }
        return unit;
    }
    static void utf8(std::string& out, unsigned cp) {
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

    void string() {
        advance();  // the opening quote
        const char* run = p_;
        while (p_ != end_ && *p_ != '"' && *p_ != '\\') advance();
        if (p_ != end_ && *p_ == '"') {  // common case: no escapes
            lua_pushlstring(L_, run, static_cast<std::size_t>(p_ - run));
            advance();
            return;
        }
        std::string out(run, static_cast<std::size_t>(p_ - run));
        while (true) {
            if (p_ == end_) fail("unterminated string");
            const char c = *p_;
            advance();
            if (c == '"') break;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (p_ == end_) fail("unterminated string");
            const char e = *p_;
            advance();
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = codeUnit();
                if (cp >= 0xD800 && cp < 0xDC00 && literal("\\u")) {
                    const unsigned low = codeUnit();
                    if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                utf8(out, cp);
                break;
            }
            default: fail("bad escape");
            }
        }
        lua_pushlstring(L_, out.data(), out.size());
    }

    void number() {
        const char* begin = p_;
        bool integer = true;
        if (p_ != end_ && *p_ == '-') advance();
        while (p_ != end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' || *p_ == '+' ||
                              *p_ == '-')) {
            if (*p_ == '.' || *p_ == 'e' || *p_ == 'E') integer = false;
            advance();
        }
        if (p_ == begin) fail("unexpected character");
        const std::string text(begin, static_cast<std::size_t>(p_ - begin));
        char* stop = nullptr;
        if (integer) {
            errno = 0;
            const long long v = std::strtoll(text.c_str(), &stop, 10);
            if (*stop == '\0' && errno == 0) {
                lua_pushinteger(L_, static_cast<lua_Integer>(v));
                return;
            }
        }
        const double d = std::strtod(text.c_str(), &stop);
        if (*stop != '\0') fail("bad number");
        lua_pushnumber(L_, d);
    }

    lua_State* L_;
    const char* begin_;
    const char* p_;
    const char* end_;
};

void encodeString(std::string& out, const char* s, std::size_t n) {
    out += '"';
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

// The escaped size of a string, quotes included (what encodeString adds).
std::size_t encodedSize(const char* s, std::size_t n) {
    std::size_t size = 2;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') size += 2;
        else if (c < 0x20) size += 6;
        else size += 1;
    }
    return size;
}

// The text being built, never past `limit` bytes: a table that holds one
// big string a thousand times would otherwise make a text a thousand times
// the script's memory cap, outside it (C++ memory).
struct Output {
    std::string text;
    std::size_t limit;

    void reserveFor(std::size_t more) const {
        if (more > limit || text.size() > limit - more) {
            throw Misuse("json.encode: text over the script's memory limit (" +
                         std::to_string(limit / (1024 * 1024)) + " MB)");
        }
    }
    void append(const char* s) { append(s, std::strlen(s)); }
    void append(const char* s, std::size_t n) {
        reserveFor(n);
        text.append(s, n);
    }
    void append(char c) { append(&c, 1); }
    void appendString(const char* s, std::size_t n) {
        reserveFor(encodedSize(s, n));
        encodeString(text, s, n);
    }
};

void encode(lua_State* L, int index, Output& out, int depth) {
    if (depth > kMaxDepth) throw Misuse("json.encode: nested too deep (or a cycle)");
    switch (lua_type(L, index)) {
    case LUA_TNIL: out.append("null"); return;
    case LUA_TBOOLEAN: out.append(lua_toboolean(L, index) ? "true" : "false"); return;
    case LUA_TNUMBER: {
        if (lua_isinteger(L, index)) {
            out.append(std::to_string(lua_tointeger(L, index)).c_str());
            return;
        }
        const double d = lua_tonumber(L, index);
        if (!std::isfinite(d)) throw Misuse("json.encode: cannot encode inf or nan");
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", d);
        out.append(buffer);
        return;
    }
    case LUA_TSTRING: {
        std::size_t n = 0;
        const char* s = lua_tolstring(L, index, &n);
        out.appendString(s, n);
        return;
    }
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, index) == &nullSentinel) {
            out.append("null");
            return;
        }
        break;
    case LUA_TTABLE: {
        if (!lua_checkstack(L, 4)) throw Misuse("json.encode: nested too deep");
        const int table = lua_absindex(L, index);
        // An array when the keys are exactly 1..n.
        const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L, table));
        lua_Integer keys = 0;
        bool array = true;
        lua_pushnil(L);
        while (lua_next(L, table) != 0) {
            ++keys;
            if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > length) array = false;
            lua_pop(L, 1);
        }
        if (array && keys == length && length > 0) {
            out.append('[');
            for (lua_Integer i = 1; i <= length; ++i) {
                if (i > 1) out.append(',');
                lua_rawgeti(L, table, i);
                encode(L, -1, out, depth + 1);
                lua_pop(L, 1);
            }
            out.append(']');
            return;
        }
        out.append('{');
        bool first = true;
        lua_pushnil(L);
        while (lua_next(L, table) != 0) {
            const int keyType = lua_type(L, -2);
            if (keyType != LUA_TSTRING && keyType != LUA_TNUMBER) {
                lua_pop(L, 2);
                throw Misuse("json.encode: object keys must be strings or numbers");
            }
            if (!first) out.append(',');
            first = false;
            lua_pushvalue(L, -2);  // tolstring on a copy: a number key must stay a number for lua_next
            std::size_t n = 0;
            const char* key = lua_tolstring(L, -1, &n);
            out.appendString(key, n);
            lua_pop(L, 1);
            out.append(':');
            encode(L, -1, out, depth + 1);
            lua_pop(L, 1);
        }
        out.append('}');
        return;
    }
    default: break;
    }
    throw Misuse(std::string("json.encode: cannot encode a ") + luaL_typename(L, index));
}

} // namespace

void pushJson(lua_State* L, const std::string& text) {
    const int top = lua_gettop(L);
    try {
        Decoder(L, text).run();
    } catch (...) {
        lua_settop(L, top);
        throw;
    }
}

std::string toJson(lua_State* L, int index) {
    Output out{std::string(), LuaSandbox::of(L).limits().memoryBytes};
    const int top = lua_gettop(L);
    try {
        encode(L, lua_absindex(L, index), out, 0);
    } catch (...) {
        lua_settop(L, top);
        throw;
    }
    return std::move(out.text);
}

std::string jsonString(const std::string& text) {
    std::string out;
    encodeString(out, text.data(), text.size());
    return out;
}

void pushJsonNull(lua_State* L) { lua_pushlightuserdata(L, &nullSentinel); }

} // namespace passway::lua
