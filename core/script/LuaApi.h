#pragma once

// Helpers for the lua_CFunctions of the passway.* API.
//
// No C++ exception may cross into Lua (the Lua library is C: its errors are
// longjmps that would skip C++ destructors, and a C++ exception thrown
// through Lua frames is undefined). So every API function is wrapped in
// guarded<>, which catches everything and raises the message as a Lua error
// only after the C++ objects are gone; and the argument readers below throw
// lua::Misuse instead of calling luaL_check*.
//
// Convention (OpenResty's): misuse (a wrong argument type, a call from the
// wrong place) raises; a runtime failure (network down, not found, store
// refused) returns nil, message.

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

template <int (*F)(lua_State*)>
int guarded(lua_State* L) {
    char message[512];
    try {
        return F(L);
    } catch (const std::exception& e) {
        std::strncpy(message, e.what(), sizeof message - 1);
        message[sizeof message - 1] = '\0';
    } catch (...) {
        std::strncpy(message, "unexpected host error", sizeof message);
    }
    return luaL_error(L, "%s", message);
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
