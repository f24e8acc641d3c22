// The parts of Script that answer: online authorization (on_authorize, with
// the device's deadline) and the admin API's test run with a sample event.

#include "script/Script.h"

#include "bus/EventBus.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "passway/Clock.h"

#include <algorithm>

namespace passway {

namespace {

void pushRequest(lua_State* L, const AuthorizationRequest& r) {
    lua_createtable(L, 0, 16);
    lua::setInteger(L, "deviceId", r.deviceId);
    lua::setString(L, "serial", r.serial);
    lua::setString(L, "protocol", r.protocol);
    if (r.userId) lua::setInteger(L, "userId", *r.userId);
    lua::setString(L, "credential", r.credentialKind);
    lua::setString(L, "verifyType", r.verifyType);
    lua::setString(L, "direction", r.direction);
    lua::setInteger(L, "time", r.at);
    lua::setInteger(L, "tzMinutes", r.tzMinutes);
    lua_createtable(L, 0, 3);
    lua::setBoolean(L, "allow", r.builtinAllow);
    lua::setString(L, "message", r.builtinMessage);
    lua::setString(L, "reason", r.builtinReason);
    lua_setfield(L, -2, "builtin");
    try {
        lua::pushJson(L, r.detailJson);
    } catch (const std::exception&) {
        lua_newtable(L);
    }
    lua_setfield(L, -2, "detail");
}

AuthorizationRequest requestFromJson(lua_State* L, int table) {
    AuthorizationRequest r;
    r.deviceId = lua::fieldInteger(L, table, "deviceId", "request").value_or(0);
    r.serial = lua::fieldString(L, table, "serial", "request").value_or("");
    r.protocol = lua::fieldString(L, table, "protocol", "request").value_or("");
    if (auto id = lua::fieldInteger(L, table, "userId", "request")) r.userId = static_cast<std::uint32_t>(*id);
    r.credentialKind = lua::fieldString(L, table, "credential", "request").value_or("");
    r.verifyType = lua::fieldString(L, table, "verifyType", "request").value_or("");
    r.direction = lua::fieldString(L, table, "direction", "request").value_or("");
    r.at = lua::fieldInteger(L, table, "time", "request").value_or(nowMillis());
    r.tzMinutes = static_cast<int>(lua::fieldInteger(L, table, "tzMinutes", "request").value_or(0));
    return r;
}

// nil → no decision; boolean [, message]; or {allow=, message=, reason=}.
std::optional<AuthorizationDecision> readDecision(lua_State* L, int first, std::string& error) {
    AuthorizationDecision decision;
    const int type = lua_type(L, first);
    if (type == LUA_TNIL) return std::nullopt;
    if (type == LUA_TBOOLEAN) {
        decision.allow = lua_toboolean(L, first) != 0;
        if (lua_type(L, first + 1) == LUA_TSTRING) decision.message = lua_tostring(L, first + 1);
        return decision;
    }
    if (type == LUA_TTABLE) {
        try {
            const auto allow = lua::fieldBoolean(L, first, "allow", "decision");
            if (!allow) {
                error = "on_authorize: the table needs allow = true or false";
                return std::nullopt;
            }
            decision.allow = *allow;
            decision.message = lua::fieldString(L, first, "message", "decision").value_or("");
            decision.reason = lua::fieldString(L, first, "reason", "decision").value_or("");
            return decision;
        } catch (const std::exception& e) {
            error = std::string("on_authorize: ") + e.what();
            return std::nullopt;
        }
    }
    error = std::string("on_authorize must return nil, a boolean or a table, not a ") + lua_typename(L, type);
    return std::nullopt;
}

} // namespace

std::optional<AuthorizationDecision> Script::authorize(const AuthorizationRequest& request,
                                                       std::chrono::steady_clock::time_point deadline) {
    if (state_ != ScriptState::Running || authorizeRef_ == LUA_NOREF) return std::nullopt;
    std::unique_lock lock(lua_, std::defer_lock);
    if (!lock.try_lock_until(deadline)) {
        recordError("authorize", "busy until the device's deadline (a handler of this script is still running)");
        return std::nullopt;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || state_ != ScriptState::Running) return std::nullopt;
    lua_State* L = sandbox_->state();
    const int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, authorizeRef_);
    pushRequest(L, request);
    inAuthorize_ = true;
    const bool ok = callLocked(1, 2, "authorize", nullptr, std::min(left, options_.deadline));
    inAuthorize_ = false;
    if (!ok) {
        lua_settop(L, top);
        return std::nullopt;
    }
    std::string error;
    auto decision = readDecision(L, top + 1, error);
    lua_settop(L, top);
    if (!error.empty()) {
        recordError("authorize", error);
        return std::nullopt;
    }
    if (decision) decision->decidedBy = "script:" + name_;
    return decision;
}

ScriptTestRun Script::testRun(const std::string& topic, const std::string& payloadJson) {
    ScriptTestRun run;
    capture_ = &run.log;
    const auto started = std::chrono::steady_clock::now();
    const auto finish = [&] {
        run.elapsedMicros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
        capture_ = nullptr;
        return run;
    };
    if (!load()) {
        run.error = recentErrors().empty() ? "cannot load" : recentErrors().back().message;
        return finish();
    }
    std::lock_guard lock(lua_);
    lua_State* L = sandbox_->state();
    const int top = lua_gettop(L);
    run.ok = true;
    if (topic == "authorize") {
        if (authorizeRef_ == LUA_NOREF) {
            run.ok = false;
            run.error = "the script has no passway.on_authorize handler";
            return finish();
        }
        run.handlers = 1;
        try {
            lua::pushJson(L, payloadJson.empty() ? "{}" : payloadJson);
            if (!lua_istable(L, -1)) throw lua::Misuse("the sample must be a JSON object");
            const AuthorizationRequest request = requestFromJson(L, lua_gettop(L));
            lua_settop(L, top);
            lua_rawgeti(L, LUA_REGISTRYINDEX, authorizeRef_);
            pushRequest(L, request);
        } catch (const std::exception& e) {
            lua_settop(L, top);
            run.ok = false;
            run.error = e.what();
            return finish();
        }
        inAuthorize_ = true;
        std::string error;
        run.ok = callLocked(1, 2, "authorize", &error);
        inAuthorize_ = false;
        if (run.ok) {
            auto decision = readDecision(L, top + 1, error);
            if (!error.empty()) {
                run.ok = false;
            } else if (decision) {
                run.resultJson = std::string("{\"allow\":") + (decision->allow ? "true" : "false") +
                                 ",\"message\":" + lua::jsonString(decision->message) +
                                 ",\"reason\":" + lua::jsonString(decision->reason) + "}";
            }
        }
        run.error = error;
        lua_settop(L, top);
        return finish();
    }
    for (const auto& handler : handlers_) {
        if (!EventBus::matches(handler.pattern, topic)) continue;
        ++run.handlers;
        lua_rawgeti(L, LUA_REGISTRYINDEX, handler.ref);
        try {
            lua::pushJson(L, payloadJson.empty() ? "{}" : payloadJson);
        } catch (const std::exception& e) {
            lua_settop(L, top);
            run.ok = false;
            run.error = e.what();
            return finish();
        }
        lua_pushlstring(L, topic.data(), topic.size());
        std::string error;
        if (!callLocked(2, 1, topic, &error)) {
            run.ok = false;
            run.error = error;
            break;
        }
        if (run.handlers == 1) {
            try {
                run.resultJson = lua::toJson(L, -1);
            } catch (const std::exception& e) {
                run.resultJson = "null";
                run.log.push_back(std::string("warning: the result cannot be shown as JSON: ") + e.what());
            }
        }
        lua_settop(L, top);
    }
    lua_settop(L, top);
    if (run.ok && run.handlers == 0) run.log.push_back("info: no handler of this script matches " + topic);
    return finish();
}

} // namespace passway
