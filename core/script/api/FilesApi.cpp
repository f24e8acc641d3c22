// passway.files.write(name, text [, {append = true}]) → true, or nil, err:
// a file in the export folder (scripts.export_dir), for exports a site
// collects from there. `name` is a plain file name; a new file is written
// whole to a temporary name and renamed, so readers never see half of it.

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "script/Script.h"

#include <filesystem>
#include <fstream>
#include <regex>

namespace passway::api {

namespace {

constexpr std::size_t kMaxFile = 64 * 1024 * 1024;

int write(lua_State* L) {
    Script& script = Script::of(L);
    const std::string name = lua::checkString(L, 1, "passway.files.write: name");
    const std::string text = lua::checkString(L, 2, "passway.files.write: text");
    bool append = false;
    if (!lua_isnoneornil(L, 3)) {
        lua::checkTable(L, 3, "passway.files.write: options");
        lua::onlyKeys(L, 3, {"append"}, "passway.files.write: options");
        append = lua::fieldBoolean(L, 3, "append", "passway.files.write: options").value_or(false);
    }
    static const std::regex kName("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
    if (!std::regex_match(name, kName)) throw lua::Misuse("passway.files.write: name must be a plain file name");
    if (text.size() > kMaxFile) throw lua::Misuse("passway.files.write: text over 64 MiB");
    namespace fs = std::filesystem;
    try {
        const fs::path dir(script.options().exportDir);
        fs::create_directories(dir);
        const fs::path target = dir / name;
        if (append) {
            std::ofstream out(target, std::ios::binary | std::ios::app);
            out << text;
            if (!out.flush()) return lua::fail(L, "cannot write " + target.string());
        } else {
            const fs::path temporary = dir / ("." + name + ".tmp");
            {
                std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
                out << text;
                if (!out.flush()) return lua::fail(L, "cannot write " + temporary.string());
            }
            fs::rename(temporary, target);
        }
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    lua_pushboolean(L, 1);
    return 1;
}

} // namespace

void openFiles(lua_State* L) {
    const luaL_Reg functions[] = {{"write", lua::guarded<write>}, {nullptr, nullptr}};
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "files");
}

} // namespace passway::api
