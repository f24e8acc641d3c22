#include "script/LuaApi.h"

#include <algorithm>
#include <cmath>

namespace passway::lua {

namespace {

std::string typeError(lua_State* L, int index, const char* what, const char* expected) {
    return std::string(what) + ": " + expected + " expected, got " + luaL_typename(L, index);
}

} // namespace

int fail(lua_State* L, const std::string& message) {
    lua_pushnil(L);
    lua_pushlstring(L, message.data(), message.size());
    return 2;
}

std::string checkString(lua_State* L, int index, const char* what) {
    const int type = lua_type(L, index);
    if (type != LUA_TSTRING && type != LUA_TNUMBER) throw Misuse(typeError(L, index, what, "string"));
    std::size_t size = 0;
    const char* text = lua_tolstring(L, index, &size);
    return std::string(text, size);
}

std::optional<std::string> optString(lua_State* L, int index, const char* what) {
    if (lua_isnoneornil(L, index)) return std::nullopt;
    return checkString(L, index, what);
}

std::int64_t checkInteger(lua_State* L, int index, const char* what) {
    int isInteger = 0;
    const lua_Integer value = lua_tointegerx(L, index, &isInteger);
    if (!isInteger || lua_type(L, index) != LUA_TNUMBER) throw Misuse(typeError(L, index, what, "integer"));
    return value;
}

std::optional<std::int64_t> optInteger(lua_State* L, int index, const char* what) {
    if (lua_isnoneornil(L, index)) return std::nullopt;
    return checkInteger(L, index, what);
}

double checkNumber(lua_State* L, int index, const char* what) {
    if (lua_type(L, index) != LUA_TNUMBER) throw Misuse(typeError(L, index, what, "number"));
    return lua_tonumber(L, index);
}

void checkTable(lua_State* L, int index, const char* what) {
    if (lua_type(L, index) != LUA_TTABLE) throw Misuse(typeError(L, index, what, "table"));
}

void checkFunction(lua_State* L, int index, const char* what) {
    if (lua_type(L, index) != LUA_TFUNCTION) throw Misuse(typeError(L, index, what, "function"));
}

namespace {

// Pushes t[key] (raw) and returns its type; the caller pops.
int rawField(lua_State* L, int table, const char* key) {
    lua_pushstring(L, key);
    return lua_rawget(L, table);
}

std::string fieldName(const char* what, const char* key) { return std::string(what) + "." + key; }

} // namespace

std::optional<std::string> fieldString(lua_State* L, int table, const char* key, const char* what) {
    const int type = rawField(L, table, key);
    std::optional<std::string> value;
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        std::size_t size = 0;
        const char* text = lua_tolstring(L, -1, &size);
        value = std::string(text, size);
    } else if (type != LUA_TNIL) {
        const std::string error = typeError(L, -1, fieldName(what, key).c_str(), "string");
        lua_pop(L, 1);
        throw Misuse(error);
    }
    lua_pop(L, 1);
    return value;
}

std::optional<std::int64_t> fieldInteger(lua_State* L, int table, const char* key, const char* what) {
    const int type = rawField(L, table, key);
    std::optional<std::int64_t> value;
    if (type != LUA_TNIL) {
        int isInteger = 0;
        const lua_Integer number = lua_tointegerx(L, -1, &isInteger);
        if (type != LUA_TNUMBER || !isInteger) {
            const std::string error = typeError(L, -1, fieldName(what, key).c_str(), "integer");
            lua_pop(L, 1);
            throw Misuse(error);
        }
        value = number;
    }
    lua_pop(L, 1);
    return value;
}

std::optional<double> fieldNumber(lua_State* L, int table, const char* key, const char* what) {
    const int type = rawField(L, table, key);
    std::optional<double> value;
    if (type == LUA_TNUMBER) {
        value = lua_tonumber(L, -1);
    } else if (type != LUA_TNIL) {
        const std::string error = typeError(L, -1, fieldName(what, key).c_str(), "number");
        lua_pop(L, 1);
        throw Misuse(error);
    }
    lua_pop(L, 1);
    return value;
}

std::optional<bool> fieldBoolean(lua_State* L, int table, const char* key, const char* what) {
    const int type = rawField(L, table, key);
    std::optional<bool> value;
    if (type == LUA_TBOOLEAN) {
        value = lua_toboolean(L, -1) != 0;
    } else if (type != LUA_TNIL) {
        const std::string error = typeError(L, -1, fieldName(what, key).c_str(), "boolean");
        lua_pop(L, 1);
        throw Misuse(error);
    }
    lua_pop(L, 1);
    return value;
}

std::optional<std::vector<std::string>> fieldStrings(lua_State* L, int table, const char* key, const char* what) {
    const int type = rawField(L, table, key);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return std::nullopt;
    }
    if (type != LUA_TTABLE) {
        const std::string error = typeError(L, -1, fieldName(what, key).c_str(), "array of strings");
        lua_pop(L, 1);
        throw Misuse(error);
    }
    std::vector<std::string> items;
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer i = 1; i <= n; ++i) {
        const int itemType = lua_rawgeti(L, -1, i);
        if (itemType != LUA_TSTRING && itemType != LUA_TNUMBER) {
            lua_pop(L, 2);
            throw Misuse(fieldName(what, key) + ": array of strings expected");
        }
        std::size_t size = 0;
        const char* text = lua_tolstring(L, -1, &size);
        items.emplace_back(text, size);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return items;
}

void onlyKeys(lua_State* L, int table, const std::vector<const char*>& known, const char* what) {
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            throw Misuse(std::string(what) + ": keys must be names");
        }
        const char* key = lua_tostring(L, -1);
        const bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return std::strcmp(k, key) == 0; });
        if (!ok) {
            const std::string error = std::string(what) + ": unknown field '" + key + "'";
            lua_pop(L, 1);
            throw Misuse(error);
        }
    }
}

void setString(lua_State* L, const char* key, const std::string& value) {
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, key);
}

void setInteger(lua_State* L, const char* key, std::int64_t value) {
    lua_pushinteger(L, value);
    lua_setfield(L, -2, key);
}

void setNumber(lua_State* L, const char* key, double value) {
    lua_pushnumber(L, value);
    lua_setfield(L, -2, key);
}

void setBoolean(lua_State* L, const char* key, bool value) {
    lua_pushboolean(L, value ? 1 : 0);
    lua_setfield(L, -2, key);
}

void newLibrary(lua_State* L, const luaL_Reg* functions) {
    lua_newtable(L);
    luaL_setfuncs(L, functions, 0);
}

} // namespace passway::lua
