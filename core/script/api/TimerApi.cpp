// passway.timer.every(seconds, fn), at(seconds, fn) (once, after the delay),
// cron("min hour day month weekday", fn) (local time), cancel(id). Timers
// run on the script's own timer thread, one run at a time, under the same
// deadline as event handlers; a test run never arms them.

#include "script/api/Api.h"

#include "script/CronSchedule.h"
#include "script/LuaApi.h"
#include "script/Script.h"

namespace passway::api {

namespace {

std::chrono::milliseconds seconds(lua_State* L, int index, const char* what, double minimum) {
    const double s = lua::checkNumber(L, index, what);
    if (!(s >= minimum) || s > 366.0 * 24 * 3600) {
        throw lua::Misuse(std::string(what) + ": between " + std::to_string(minimum) + " s and a year");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
}

int every(lua_State* L) {
    const auto period = seconds(L, 1, "passway.timer.every: seconds", 0.01);
    lua::checkFunction(L, 2, "passway.timer.every: handler");
    lua_pushvalue(L, 2);
    const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushinteger(L, static_cast<lua_Integer>(Script::of(L).addTimer(period, period, ref, "")));
    return 1;
}

int at(lua_State* L) {
    const auto delay = seconds(L, 1, "passway.timer.at: seconds", 0);
    lua::checkFunction(L, 2, "passway.timer.at: handler");
    lua_pushvalue(L, 2);
    const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushinteger(L, static_cast<lua_Integer>(Script::of(L).addTimer(delay, std::chrono::milliseconds(0), ref, "")));
    return 1;
}

int cron(lua_State* L) {
    const std::string expression = lua::checkString(L, 1, "passway.timer.cron: expression");
    lua::checkFunction(L, 2, "passway.timer.cron: handler");
    std::chrono::milliseconds first{0};
    try {
        first = CronSchedule(expression).delayFromNow();
    } catch (const std::invalid_argument& e) {
        throw lua::Misuse(std::string("passway.timer.cron: ") + e.what());
    }
    lua_pushvalue(L, 2);
    const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushinteger(L, static_cast<lua_Integer>(Script::of(L).addTimer(first, std::chrono::milliseconds(0), ref, expression)));
    return 1;
}

int cancel(lua_State* L) {
    const auto id = lua::checkInteger(L, 1, "passway.timer.cancel: id");
    lua_pushboolean(L, Script::of(L).cancelTimer(static_cast<std::uint64_t>(id)) ? 1 : 0);
    return 1;
}

} // namespace

void openTimer(lua_State* L) {
    const luaL_Reg functions[] = {
        {"every", lua::guarded<every>}, {"at", lua::guarded<at>},         {"cron", lua::guarded<cron>},
        {"cancel", lua::guarded<cancel>}, {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "timer");
}

} // namespace passway::api
