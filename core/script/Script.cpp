#include "script/Script.h"

#include "bus/EventBus.h"
#include "script/CronSchedule.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/ScriptJournalFeed.h"
#include "script/StagedOutbox.h"
#include "script/api/Api.h"
#include "passway/Clock.h"

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
    api::openFace(L);
    api::openBlobs(L);
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
    if (services_.journal && !handlers_.empty()) {
        // From the journal: continues where the previous instance of this
        // script (a reload, a restart, an enable) left its cursor.
        feed_ = std::make_unique<ScriptJournalFeed>(*this);
        subscriber_ = std::make_unique<JournalSubscriber>(*services_.journal, subscriberName(name_), *feed_,
                                                          journalStart_);
        try {
            subscriber_->start();
        } catch (const std::exception& e) {
            recordError("journal", std::string("cannot subscribe: ") + e.what());
            subscriber_.reset();
        }
    } else if (!services_.journal) {
        for (std::size_t i = 0; i < handlers_.size(); ++i) {
            subscriptions_.push_back(services_.bus.subscribe(
                handlers_[i].pattern, [this, i](const Event& event) { handleEvent(i, event); }, "script:" + name_));
        }
    }
    std::lock_guard lock(lua_);
    if (timersClosed_) {
        pluginTimers_ = std::make_unique<PluginTimers>("script " + name_, logger_);
        timersClosed_ = false;
    }
    timersArmed_ = true;
    for (auto& timer : timers_) {
        if (timer.pluginTimer != 0) continue;
        // Stopped meanwhile (this host did not lead): cron goes on from its next match.
        if (!timer.cron.empty()) timer.first = CronSchedule(timer.cron).delayFromNow();
        armTimer(timer);
    }
}

void Script::stop() {
    std::lock_guard lifecycle(lifecycle_);
    if (subscriber_) subscriber_->stop();  // its cursor stays where the handled events left it
    subscriber_.reset();
    feed_.reset();
    for (const auto id : subscriptions_) services_.bus.unsubscribe(id);
    subscriptions_.clear();
    timersArmed_ = false;  // a timer running now does not arm itself again
    if (pluginTimers_) pluginTimers_->cancelAll();  // waits for a timer running now (it holds lua_)
    started_ = false;
    std::lock_guard lock(lua_);
    for (auto& timer : timers_) timer.pluginTimer = 0;  // armed again by the next start()
    timersClosed_ = true;
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

bool Script::handles(const std::string& topic) const {
    for (const auto& handler : handlers_) {
        if (EventBus::matches(handler.pattern, topic)) return true;
    }
    return false;
}

JournalConsumer::Outcome Script::deliver(const Event& event, StagedOutbox& staged, std::string& error) {
    if (state_ != ScriptState::Running) return JournalConsumer::Outcome::Stopped;
    std::lock_guard lock(lua_);
    if (state_ != ScriptState::Running || !sandbox_) return JournalConsumer::Outcome::Stopped;
    lua_State* L = sandbox_->state();
    const std::size_t mark = staged.mark();
    staging_ = &staged;
    bool ok = true;
    for (const auto& handler : handlers_) {
        if (!EventBus::matches(handler.pattern, event.topic)) continue;
        lua_rawgeti(L, LUA_REGISTRYINDEX, handler.ref);
        try {
            lua::pushJson(L, event.payload);
        } catch (const std::exception& e) {
            lua_pop(L, 1);
            error = std::string("event payload: ") + e.what();
            recordError(event.topic, error);
            ok = false;
            break;
        }
        // The journal seq: a handler can make its outside calls idempotent with it.
        if (lua_istable(L, -1)) {
            lua_pushinteger(L, static_cast<lua_Integer>(event.sequence));
            lua_setfield(L, -2, "seq");
        }
        lua_pushlstring(L, event.topic.data(), event.topic.size());
        if (!callLocked(2, 0, event.topic, &error)) {
            ok = false;
            break;
        }
    }
    staging_ = nullptr;
    if (ok) return JournalConsumer::Outcome::Done;
    staged.rollback(mark);  // a retry queues them again
    return JournalConsumer::Outcome::Failed;
}

std::optional<SubscriberStatus> Script::journalStatus() const {
    std::lock_guard lifecycle(lifecycle_);
    if (!subscriber_) return std::nullopt;
    return subscriber_->status();
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
    if (capture_ || !timersArmed_) return;  // a test run never arms timers, a stopped script no more
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
