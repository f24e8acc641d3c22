#include "script/Script.h"

#include "bus/EventBus.h"
#include "script/CronSchedule.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/api/Api.h"
#include "util/Clock.h"

#include <Poco/Message.h>

#include <algorithm>

namespace passway {

namespace {

const char* const kScriptKey = "passway.script";
constexpr std::size_t kMaxErrorText = 2000;

} // namespace

const char* toString(ScriptState state) {
    switch (state) {
    case ScriptState::Running: return "running";
    case ScriptState::Disabled: return "disabled";
    case ScriptState::Failed: return "failed";
    }
    return "failed";
}

Script::Script(std::string name, std::string source, const ScriptServices& services, const ScriptOptions& options,
               FailedCallback onFailed)
    : name_(std::move(name)),
      source_(std::move(source)),
      services_(services),
      options_(options),
      onFailed_(std::move(onFailed)),
      logger_(Poco::Logger::get("script." + name_)),
      pluginTimers_(std::make_unique<PluginTimers>("script " + name_, logger_)) {}

Script::~Script() {
    stop();
    std::lock_guard lock(lua_);
    sandbox_.reset();
}

Script& Script::of(lua_State* L) {
    lua_getfield(L, LUA_REGISTRYINDEX, kScriptKey);
    auto* script = static_cast<Script*>(lua_touserdata(L, -1));
    lua_pop(L, 1);
    return *script;
}

void Script::openApi() {
    lua_State* L = sandbox_->state();
    lua_pushlightuserdata(L, this);
    lua_setfield(L, LUA_REGISTRYINDEX, kScriptKey);
    lua_newtable(L);
    api::openEvents(L);
    api::openLog(L);
    api::openJson(L);
    api::openCrypto(L);
    api::openTime(L);
    api::openHttp(L);
    api::openOutbox(L);
    api::openPersons(L);
    api::openStore(L);
    api::openTimer(L);
    api::openFiles(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "passway.api");
    sandbox_->declareGlobal("passway");
    api::openRequire(L);  // require and print
}

bool Script::load() {
    std::lock_guard lock(lua_);
    phase_ = Phase::Loading;
    std::string error;
    try {
        sandbox_ = std::make_unique<LuaSandbox>(LuaSandbox::Limits{options_.memoryBytes, options_.deadline});
        openApi();
    } catch (const std::exception& e) {
        error = std::string("cannot create the Lua state: ") + e.what();
    }
    if (error.empty() && sandbox_->load(source_, name_ + ".lua", error)) {
        if (!sandbox_->call(0, 0, error)) {
            // error filled
        } else {
            error.clear();
        }
    }
    phase_ = Phase::Running;
    if (!error.empty()) {
        recordError("load", error);
        state_ = ScriptState::Failed;
        return false;
    }
    std::lock_guard status(statusMutex_);
    loadedAt_ = nowMillis();
    state_ = ScriptState::Running;
    return true;
}

void Script::start() {
    std::lock_guard lifecycle(lifecycle_);
    if (started_ || state_ != ScriptState::Running) return;
    started_ = true;
    for (std::size_t i = 0; i < handlers_.size(); ++i) {
        subscriptions_.push_back(services_.bus.subscribe(
            handlers_[i].pattern, [this, i](const Event& event) { handleEvent(i, event); }, "script:" + name_));
    }
    std::lock_guard lock(lua_);
    for (auto& timer : timers_) {
        if (timer.pluginTimer == 0) armTimer(timer);
    }
}

void Script::stop() {
    std::lock_guard lifecycle(lifecycle_);
    for (const auto id : subscriptions_) services_.bus.unsubscribe(id);
    subscriptions_.clear();
    if (pluginTimers_) pluginTimers_->cancelAll();
    started_ = false;
}

void Script::disable() {
    state_ = ScriptState::Disabled;
    stop();
}

void Script::logLine(int priority, const std::string& text) {
    if (capture_) {
        static const char* names[] = {"", "fatal", "critical", "error", "warning", "notice", "info", "debug", "trace"};
        capture_->push_back(std::string(names[std::clamp(priority, 1, 8)]) + ": " + text);
    }
    if (logger_.getLevel() >= priority) logger_.log(Poco::Message(logger_.name(), text, Poco::Message::Priority(priority)));
}

void Script::recordError(const std::string& where, const std::string& message) {
    ScriptError error{nowMillis(), where, message.substr(0, kMaxErrorText)};
    std::uint64_t count = 0;
    {
        std::lock_guard lock(statusMutex_);
        count = ++errors_;
        recent_.push_back(error);
        while (recent_.size() > options_.recentErrors) recent_.pop_front();
    }
    if (capture_) capture_->push_back("error: " + where + ": " + error.message);
    // A script failing on every event must not flood the log.
    if (count <= 10 || count % 1000 == 0) {
        logger_.warning(where + ": " + error.message + (count > 10 ? " (" + std::to_string(count) + " errors)" : ""));
    }
}

bool Script::callLocked(int nargs, int nresults, const std::string& where, std::string* errorOut,
                        std::chrono::milliseconds budget) {
    std::string error;
    bool timedOut = false;
    const bool ok = sandbox_->call(nargs, nresults, error, &timedOut, budget);
    bool failedNow = false;
    {
        std::lock_guard lock(statusMutex_);
        ++calls_;
        if (ok) {
            consecutive_ = 0;
        } else if (++consecutive_ >= options_.maxFailures && state_ == ScriptState::Running && !capture_) {
            failedNow = true;
        }
    }
    if (!ok) {
        recordError(where, error);
        if (errorOut) *errorOut = error;
    }
    if (failedNow) {
        state_ = ScriptState::Failed;
        logger_.error("script " + name_ + " disabled after " + std::to_string(options_.maxFailures) +
                      " failures in a row; last: " + error);
        if (onFailed_) onFailed_(name_);
    }
    return ok;
}

void Script::handleEvent(std::size_t handler, const Event& event) {
    if (state_ != ScriptState::Running) return;
    std::lock_guard lock(lua_);
    if (state_ != ScriptState::Running || !sandbox_) return;
    lua_State* L = sandbox_->state();
    lua_rawgeti(L, LUA_REGISTRYINDEX, handlers_[handler].ref);
    try {
        lua::pushJson(L, event.payload);
    } catch (const std::exception& e) {
        lua_pop(L, 1);
        recordError(event.topic, std::string("event payload: ") + e.what());
        return;
    }
    lua_pushlstring(L, event.topic.data(), event.topic.size());
    callLocked(2, 0, event.topic);
}

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

ScriptStatus Script::status() const {
    ScriptStatus s;
    s.name = name_;
    s.state = state_;
    s.authorizes = authorizeRef_ != LUA_NOREF;
    for (const auto& handler : handlers_) s.topics.push_back(handler.pattern);
    std::lock_guard lock(statusMutex_);
    s.loadedAt = loadedAt_;
    s.calls = calls_;
    s.errors = errors_;
    s.consecutiveErrors = consecutive_;
    if (!recent_.empty()) s.lastError = recent_.back().message;
    s.memoryBytes = sandbox_ ? sandbox_->memoryUsed() : 0;
    return s;
}

std::vector<ScriptError> Script::recentErrors() const {
    std::lock_guard lock(statusMutex_);
    return {recent_.begin(), recent_.end()};
}

void Script::addHandler(const std::string& pattern, int functionRef) { handlers_.push_back({pattern, functionRef}); }

void Script::setAuthorizeHandler(int functionRef) {
    if (authorizeRef_ != LUA_NOREF) luaL_unref(sandbox_->state(), LUA_REGISTRYINDEX, authorizeRef_);
    authorizeRef_ = functionRef;
}

std::uint64_t Script::addTimer(std::chrono::milliseconds first, std::chrono::milliseconds period, int functionRef,
                               const std::string& cron) {
    TimerSpec timer;
    timer.id = nextTimer_++;
    timer.first = first;
    timer.period = period;
    timer.cron = cron;
    timer.ref = functionRef;
    timers_.push_back(timer);
    if (started_ && !capture_) armTimer(timers_.back());
    return timer.id;
}

void Script::armTimer(TimerSpec& timer) {
    if (capture_) return;  // a test run never arms timers
    const std::uint64_t id = timer.id;
    try {
        // Every timer is a one-shot re-armed after each run (runTimer): a
        // slow handler never piles runs up, and cron needs a new delay each time.
        timer.pluginTimer = pluginTimers_->after(timer.first, [this, id] { runTimer(id); });
    } catch (const std::exception& e) {
        recordError("timer", std::string("cannot arm: ") + e.what());
    }
}

void Script::runTimer(std::uint64_t id) {
    if (state_ != ScriptState::Running) return;
    std::lock_guard lock(lua_);
    if (state_ != ScriptState::Running || !sandbox_) return;
    auto it = std::find_if(timers_.begin(), timers_.end(), [id](const TimerSpec& t) { return t.id == id; });
    if (it == timers_.end()) return;
    lua_State* L = sandbox_->state();
    lua_rawgeti(L, LUA_REGISTRYINDEX, it->ref);
    callLocked(0, 0, "timer");
    // The handler may have added or cancelled timers: find it again.
    it = std::find_if(timers_.begin(), timers_.end(), [id](const TimerSpec& t) { return t.id == id; });
    if (it == timers_.end()) return;
    if (!it->cron.empty()) {
        it->first = CronSchedule(it->cron).delayFromNow();
        armTimer(*it);
    } else if (it->period.count() > 0) {
        it->first = it->period;
        armTimer(*it);
    } else {
        luaL_unref(L, LUA_REGISTRYINDEX, it->ref);
        timers_.erase(it);
    }
}

bool Script::cancelTimer(std::uint64_t id) {
    auto it = std::find_if(timers_.begin(), timers_.end(), [id](const TimerSpec& t) { return t.id == id; });
    if (it == timers_.end()) return false;
    if (it->pluginTimer) pluginTimers_->cancel(it->pluginTimer);
    luaL_unref(sandbox_->state(), LUA_REGISTRYINDEX, it->ref);
    timers_.erase(it);
    return true;
}

} // namespace passway
