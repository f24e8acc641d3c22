// passway.time: now, format, parse, date, offset. Times are unix
// milliseconds, as everywhere in Passway. A time zone is "local" (the
// host's, the default), "utc", an offset "+08:00" / "-0530", or minutes east
// of UTC as a number.

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "passway/Clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <time.h>

namespace passway::api {

namespace {

int localOffset(std::time_t at) {
    std::tm local{};
    localtime_r(&at, &local);
    return static_cast<int>(local.tm_gmtoff / 60);
}

// Minutes east of UTC of `zone` at the instant `at` (unix seconds).
int zoneOffset(lua_State* L, int index, std::time_t at) {
    if (lua_isnoneornil(L, index)) return localOffset(at);
    if (lua_type(L, index) == LUA_TNUMBER) {
        const auto minutes = lua::checkInteger(L, index, "time zone");
        if (minutes < -14 * 60 || minutes > 14 * 60) throw lua::Misuse("time zone: offset out of range");
        return static_cast<int>(minutes);
    }
    const std::string zone = lua::checkString(L, index, "time zone");
    if (zone == "local") return localOffset(at);
    if (zone == "utc" || zone == "UTC" || zone == "Z") return 0;
    if ((zone[0] == '+' || zone[0] == '-') && (zone.size() == 6 || zone.size() == 5 || zone.size() == 3)) {
        const std::string digits = zone.size() == 6 ? zone.substr(1, 2) + zone.substr(4, 2)
                                                    : zone.size() == 5 ? zone.substr(1) : zone.substr(1) + "00";
        if (digits.find_first_not_of("0123456789") == std::string::npos && (zone.size() != 6 || zone[3] == ':')) {
            const int minutes = std::stoi(digits.substr(0, 2)) * 60 + std::stoi(digits.substr(2, 2));
            if (minutes <= 14 * 60) return zone[0] == '-' ? -minutes : minutes;
        }
    }
    throw lua::Misuse("time zone: expected \"local\", \"utc\", \"+HH:MM\" or minutes, got '" + zone + "'");
}

// The broken-down time at `ms` shifted by `offset` minutes (as UTC fields).
std::tm shifted(std::int64_t ms, int offset) {
    const std::time_t seconds = static_cast<std::time_t>((ms >= 0 ? ms : ms - 999) / 1000) + offset * 60;
    std::tm t{};
    gmtime_r(&seconds, &t);
    return t;
}

int now(lua_State* L) {
    lua_pushinteger(L, nowMillis());
    return 1;
}

// format(ms [, pattern [, zone]]): strftime; the default is ISO 8601 with the offset.
int format(lua_State* L) {
    const std::int64_t ms = lua::checkInteger(L, 1, "passway.time.format: time");
    const std::string pattern = lua::optString(L, 2, "passway.time.format: pattern").value_or("%Y-%m-%dT%H:%M:%S%z");
    if (pattern.size() > 256) throw lua::Misuse("passway.time.format: pattern too long");
    const int offset = zoneOffset(L, 3, static_cast<std::time_t>(ms / 1000));
    std::tm t = shifted(ms, offset);
    // %z and %Z would print the host zone: replace them by the offset asked for.
    char zone[8];
    std::snprintf(zone, sizeof zone, "%c%02d%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
    std::string fixed;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '%' && i + 1 < pattern.size()) {
            if (pattern[i + 1] == 'z' || pattern[i + 1] == 'Z') {
                fixed += offset == 0 && pattern[i + 1] == 'Z' ? "UTC" : zone;
                ++i;
                continue;
            }
            fixed += pattern[i];
            fixed += pattern[++i];
            continue;
        }
        fixed += pattern[i];
    }
    char out[512];
    const std::size_t n = std::strftime(out, sizeof out, fixed.c_str(), &t);
    lua_pushlstring(L, out, n);
    return 1;
}

// parse(text [, pattern [, zone]]) → ms, or nil, err. Default pattern
// "%Y-%m-%d %H:%M:%S"; the zone says how to read it (default local).
int parse(lua_State* L) {
    const std::string text = lua::checkString(L, 1, "passway.time.parse: text");
    const std::string pattern = lua::optString(L, 2, "passway.time.parse: pattern").value_or("%Y-%m-%d %H:%M:%S");
    std::tm t{};
    const char* end = strptime(text.c_str(), pattern.c_str(), &t);
    if (!end || *end != '\0') return lua::fail(L, "'" + text + "' does not match '" + pattern + "'");
    const std::time_t asUtc = timegm(&t);
    const int offset = zoneOffset(L, 3, asUtc);
    lua_pushinteger(L, (static_cast<std::int64_t>(asUtc) - offset * 60) * 1000);
    return 1;
}

// date(ms [, zone]) → {year, month, day, hour, min, sec, wday (1 = Monday … 7), yday, offset}
int date(lua_State* L) {
    const std::int64_t ms = lua::checkInteger(L, 1, "passway.time.date: time");
    const int offset = zoneOffset(L, 2, static_cast<std::time_t>(ms / 1000));
    const std::tm t = shifted(ms, offset);
    lua_createtable(L, 0, 9);
    lua::setInteger(L, "year", t.tm_year + 1900);
    lua::setInteger(L, "month", t.tm_mon + 1);
    lua::setInteger(L, "day", t.tm_mday);
    lua::setInteger(L, "hour", t.tm_hour);
    lua::setInteger(L, "min", t.tm_min);
    lua::setInteger(L, "sec", t.tm_sec);
    lua::setInteger(L, "wday", t.tm_wday == 0 ? 7 : t.tm_wday);
    lua::setInteger(L, "yday", t.tm_yday + 1);
    lua::setInteger(L, "offset", offset);
    return 1;
}

// offset([zone [, ms]]) → minutes east of UTC.
int offset(lua_State* L) {
    const std::int64_t ms = lua::optInteger(L, 2, "passway.time.offset: time").value_or(nowMillis());
    lua_pushinteger(L, zoneOffset(L, 1, static_cast<std::time_t>(ms / 1000)));
    return 1;
}

} // namespace

void openTime(lua_State* L) {
    const luaL_Reg functions[] = {
        {"now", lua::guarded<now>},       {"format", lua::guarded<format>}, {"parse", lua::guarded<parse>},
        {"date", lua::guarded<date>},     {"offset", lua::guarded<offset>}, {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "time");
}

} // namespace passway::api
