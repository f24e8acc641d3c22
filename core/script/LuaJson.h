#pragma once

#include <lua.hpp>

#include <string>

namespace passway::lua {

// JSON straight to and from the Lua stack (no intermediate tree: events are
// decoded once per script per event, so this is the hot path).
//
// Decoding: objects and arrays become tables, null becomes nil (so
// `if event.userId then` reads naturally), numbers that are integers become
// Lua integers. Encoding: a table whose keys are exactly 1..n is an array,
// any other table an object (keys must be strings or numbers); an empty table
// is `{}`; passway.json.null encodes as null. Both throw lua::Misuse (bad
// text, cycles, depth over 64, functions; for encoding also a text longer
// than the script's memory cap, which a table holding one big string many
// times would otherwise reach in C++ memory) and are used inside guarded<>.

void pushJson(lua_State* L, const std::string& text);
std::string toJson(lua_State* L, int index);

// A JSON string literal (quoted, escaped) of `text`.
std::string jsonString(const std::string& text);

// The light userdata that stands for JSON null when encoding.
void pushJsonNull(lua_State* L);

} // namespace passway::lua
