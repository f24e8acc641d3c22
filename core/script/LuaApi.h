#pragma once

// Helpers for the lua_CFunctions of the passway.* API.
//
// No C++ exception may cross into Lua, and no Lua error may cross C++
// frames: the Lua library is C, its errors are longjmps that skip C++
// destructors (a std::string, a vector, a lock, a JSON object would leak or
// stay locked), and a C++ exception thrown through Lua frames is undefined.
// So every API function is wrapped in guarded<>, which splits the call in
// two frames:
//  - callHost<F>() runs F inside try/catch and a LuaSandbox::HostCall (the
//    memory cap is lifted, so no allocation F makes through the Lua API can
//    fail and longjmp); it returns F's result count, or -1 with the message
//    copied into a plain char buffer;
//  - guarded<F>() holds nothing but that buffer; it raises the error, or
//    "not enough memory" when F left the script over its cap, after every
//    C++ object of the call is destroyed.
// The argument readers below throw lua::Misuse instead of calling
// luaL_check*. F must not run script code (luaL_tolstring on a value with a
// __tostring, lua_call): do that before, in a plain C-style function that
// owns no C++ object, and call guarded<F> from there (see LogApi.cpp).
//
// Convention (OpenResty's): misuse (a wrong argument type, a call from the
// wrong place) raises; a runtime failure (network down, not found, store
// refused) returns nil, message.

#include "script/LuaSandbox.h"

#include <lua.hpp>

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace passway::lua {

struct Misuse : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr std::size_t kErrorMessageSize = 512;

template <int (*F)(lua_State*)>
int callHost(lua_State* L, char (&message)[kErrorMessageSize]) noexcept {
    try {
        const LuaSandbox::HostCall hostCall(L);
        return F(L);
    } catch (const std::exception& e) {
        std::strncpy(message, e.what(), kErrorMessageSize - 1);
    } catch (...) {
        std::strncpy(message, "unexpected host error", kErrorMessageSize - 1);
    }
    message[kErrorMessageSize - 1] = '\0';
    return -1;
}

template <int (*F)(lua_State*)>
int guarded(lua_State* L) {
    char message[kErrorMessageSize];
    const int results = callHost<F>(L, message);
    // Nothing of C++ lives in this frame: raising (a longjmp) is safe here.
    if (results < 0) return luaL_error(L, "%s", message);
    if (LuaSandbox::of(L).overMemoryCap()) {
        return luaL_error(L, "not enough memory (script limit %d MB)",
                          static_cast<int>(LuaSandbox::of(L).limits().memoryBytes / (1024 * 1024)));
    }
    return results;
}

// nil, message: the runtime-failure answer.
int fail(lua_State* L, const std::string& message);

std::string checkString(lua_State* L, int index, const char* what);
std::optional<std::string> optString(lua_State* L, int index, const char* what);
std::int64_t checkInteger(lua_State* L, int index, const char* what);
std::optional<std::int64_t> optInteger(lua_State* L, int index, const char* what);
double checkNumber(lua_State* L, int index, const char* what);
void checkTable(lua_State* L, int index, const char* what);
void checkFunction(lua_State* L, int index, const char* what);

// Fields of an options table at `table` (absolute index), read raw.
std::optional<std::string> fieldString(lua_State* L, int table, const char* key, const char* what);
std::optional<std::int64_t> fieldInteger(lua_State* L, int table, const char* key, const char* what);
std::optional<double> fieldNumber(lua_State* L, int table, const char* key, const char* what);
std::optional<bool> fieldBoolean(lua_State* L, int table, const char* key, const char* what);
// An array of strings; nullopt when the field is absent.
std::optional<std::vector<std::string>> fieldStrings(lua_State* L, int table, const char* key, const char* what);
// Raises Misuse when the table has a key not in `known` (typos fail loudly).
void onlyKeys(lua_State* L, int table, const std::vector<const char*>& known, const char* what);

void setString(lua_State* L, const char* key, const std::string& value);   // t[key] = value, t at -1
void setInteger(lua_State* L, const char* key, std::int64_t value);
void setNumber(lua_State* L, const char* key, double value);
void setBoolean(lua_State* L, const char* key, bool value);

// Registers `functions` into a new table left on the stack.
void newLibrary(lua_State* L, const luaL_Reg* functions);

} // namespace passway::lua
