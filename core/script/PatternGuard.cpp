#include "script/PatternGuard.h"

#include "script/LuaSandbox.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <limits>

namespace passway {

namespace {

constexpr std::uint64_t kInfinite = std::numeric_limits<std::uint64_t>::max();

std::uint64_t times(std::uint64_t a, std::uint64_t b) {
    if (a != 0 && b > kInfinite / a) return kInfinite;
    return a * b;
}

std::uint64_t plus(std::uint64_t a, std::uint64_t b) { return a > kInfinite - b ? kInfinite : a + b; }

// %a, %d, ... as the manual defines them (C locale); upper case negates.
// Returns false with `known` false for a letter that is no class (then the
// escaped character stands for itself).
bool classByLetter(unsigned char c, char letter, bool& known) {
    known = true;
    bool match = false;
    switch (letter | 0x20) {
    case 'a': match = std::isalpha(c); break;
    case 'c': match = std::iscntrl(c); break;
    case 'd': match = std::isdigit(c); break;
    case 'g': match = std::isgraph(c); break;
    case 'l': match = std::islower(c); break;
    case 'p': match = std::ispunct(c); break;
    case 's': match = std::isspace(c); break;
    case 'u': match = std::isupper(c); break;
    case 'w': match = std::isalnum(c); break;
    case 'x': match = std::isxdigit(c); break;
    default: known = false; return false;
    }
    return (letter >= 'A' && letter <= 'Z') ? !match : match;
}

bool escapeMatches(unsigned char c, char letter) {
    bool known = false;
    const bool match = classByLetter(c, letter, known);
    return known ? match : c == static_cast<unsigned char>(letter);
}

// A set [...] (the text between the brackets, a leading ^ included).
bool setMatches(unsigned char c, std::string_view set) {
    bool negate = false;
    std::size_t i = 0;
    if (!set.empty() && set[0] == '^') {
        negate = true;
        i = 1;
    }
    bool found = false;
    while (i < set.size() && !found) {
        if (set[i] == '%' && i + 1 < set.size()) {
            found = escapeMatches(c, set[i + 1]);
            i += 2;
        } else if (i + 2 < set.size() && set[i + 1] == '-') {
            found = static_cast<unsigned char>(set[i]) <= c && c <= static_cast<unsigned char>(set[i + 2]);
            i += 3;
        } else {
            found = c == static_cast<unsigned char>(set[i]);
            i += 1;
        }
    }
    return found != negate;
}

// One single-character class of a pattern: ".", "%a", "[...]" or a byte.
bool singleMatches(unsigned char c, std::string_view item) {
    if (item == ".") return true;
    if (item.size() == 2 && item[0] == '%') return escapeMatches(c, item[1]);
    if (item.size() >= 2 && item[0] == '[') return setMatches(c, item.substr(1, item.size() - 2));
    return c == static_cast<unsigned char>(item[0]);
}

std::uint64_t longestRun(std::string_view subject, std::string_view item) {
    std::uint64_t longest = 0;
    std::uint64_t run = 0;
    for (const char ch : subject) {
        run = singleMatches(static_cast<unsigned char>(ch), item) ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

// The end of the single-character class starting at `i`; npos when the
// pattern is malformed there.
std::size_t classEnd(std::string_view p, std::size_t i) {
    if (p[i] == '%') return i + 1 < p.size() ? i + 2 : std::string_view::npos;
    if (p[i] != '[') return i + 1;
    std::size_t j = i + 1;
    if (j < p.size() && p[j] == '^') ++j;
    do {  // the first character is in the set even when it is ']'
        if (j >= p.size()) return std::string_view::npos;
        if (p[j] == '%') ++j;
        ++j;
    } while (j < p.size() && p[j] != ']');
    return j < p.size() ? j + 1 : std::string_view::npos;
}

bool onlyCaptureClosesFrom(std::string_view p, std::size_t i) {
    return p.find_first_not_of(')', i) == std::string_view::npos;
}

} // namespace

std::uint64_t patternCost(std::string_view subject, std::string_view pattern, bool plain, bool anchorCounts) {
    const std::uint64_t n = subject.size();
    const std::uint64_t m = pattern.size();
    if (plain) return plus(times(n + 1, m + 1), n);
    std::size_t i = 0;
    std::uint64_t starts = n + 1;
    if (anchorCounts && !pattern.empty() && pattern[0] == '^') {
        starts = 1;
        i = 1;
    }
    std::uint64_t perStart = 1;
    std::uint64_t scanned = 0;
    while (i < pattern.size() && perStart != kInfinite) {
        const char c = pattern[i];
        if (c == '(' || c == ')') { ++i; continue; }
        if (c == '%' && i + 1 < pattern.size()) {
            const char next = pattern[i + 1];
            if (next == 'b') { perStart = times(perStart, n + 1); i += 4; continue; }
            if (next == 'f') {
                const std::size_t end = i + 2 < pattern.size() ? classEnd(pattern, i + 2) : std::string_view::npos;
                if (end == std::string_view::npos) break;
                i = end;
                continue;
            }
            if (next >= '0' && next <= '9') { perStart = times(perStart, n + 1); i += 2; continue; }
        }
        const std::size_t end = classEnd(pattern, i);
        // Malformed here: the matcher raises when it first reaches this
        // point, so what comes before is all it can do.
        if (end == std::string_view::npos) break;
        const std::string_view item = pattern.substr(i, end - i);
        const char quantifier = end < pattern.size() ? pattern[end] : '\0';
        if (quantifier == '?') {
            perStart = times(perStart, 2);
            i = end + 1;
        } else if (quantifier == '*' || quantifier == '+' || quantifier == '-') {
            i = end + 1;
            if (onlyCaptureClosesFrom(pattern, i)) continue;  // nothing after it can fail
            scanned = plus(scanned, n);
            perStart = times(perStart, longestRun(subject, item) + 1);
        } else {
            i = end;
        }
    }
    return plus(plus(times(times(starts, perStart), m + 1), n), scanned);
}

namespace {

// Checks the call at hand; raises when its worst case does not fit the time
// left. Plain C frames only: this may longjmp.
int checkOrRaise(lua_State* L, const char* name, bool plain, bool anchorCounts) {
    if (lua_type(L, 1) != LUA_TSTRING || lua_type(L, 2) != LUA_TSTRING) return 0;  // the original reports misuse
    std::size_t n = 0;
    std::size_t m = 0;
    const char* subject = lua_tolstring(L, 1, &n);
    const char* pattern = lua_tolstring(L, 2, &m);
    const std::uint64_t cost = patternCost({subject, n}, {pattern, m}, plain, anchorCounts);
    const auto left = LuaSandbox::of(L).remaining();
    // No call running (the host itself, or a test): nothing to protect.
    if (left.count() <= 0 && !LuaSandbox::of(L).running()) return 0;
    const std::uint64_t budget = times(static_cast<std::uint64_t>(left.count()) + 1, kStepsPerMillisecond);
    if (cost <= budget) return 0;
    char costText[32];
    if (cost == kInfinite) std::snprintf(costText, sizeof costText, "unbounded");
    else std::snprintf(costText, sizeof costText, "%llu", static_cast<unsigned long long>(cost));
    return luaL_error(L,
                      "string.%s: pattern too costly for a %d-byte subject in the time left "
                      "(worst case %s steps, %d ms left); split the subject first or use a plain find",
                      name, static_cast<int>(n), costText, static_cast<int>(left.count()));
}

int callOriginal(lua_State* L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

int guardedFind(lua_State* L) {
    checkOrRaise(L, "find", lua_toboolean(L, 4) != 0, true);
    return callOriginal(L);
}

int guardedMatch(lua_State* L) {
    checkOrRaise(L, "match", false, true);
    return callOriginal(L);
}

int guardedGmatch(lua_State* L) {
    checkOrRaise(L, "gmatch", false, false);
    return callOriginal(L);
}

int guardedGsub(lua_State* L) {
    checkOrRaise(L, "gsub", false, true);
    return callOriginal(L);
}

} // namespace

void installPatternGuard(lua_State* L) {
    const luaL_Reg guarded[] = {
        {"find", guardedFind}, {"match", guardedMatch}, {"gmatch", guardedGmatch}, {"gsub", guardedGsub},
    };
    for (const auto& function : guarded) {
        lua_getfield(L, -1, function.name);
        lua_pushcclosure(L, function.func, 1);
        lua_setfield(L, -2, function.name);
    }
}

} // namespace passway
