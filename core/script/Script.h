#pragma once

#include "journal/JournalConsumer.h"
#include "journal/JournalSubscriber.h"
#include "passway/Authorization.h"
#include "passway/Event.h"
#include "plugin/PluginTimers.h"
#include "script/LuaSandbox.h"
#include "script/ScriptOptions.h"
#include "script/ScriptStatus.h"

#include <Poco/Logger.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway {

class StagedOutbox;

// One loaded script: its sandbox, the handlers and timers it registered,
// and its error counts. Events reach it from the journal through its own
// durable subscriber ("script:<name>", at least once, in order; without a
// journal, from bus subscriptions) and timers on its own timer thread, so a
// slow script delays only itself; its Lua state is used by one thread at a
// time (lua_).
//
// Lifecycle: load() runs the chunk (where passway.on / on_authorize may be
// called); a loaded script answers authorize() and test runs. start()
// subscribes and arms the timers, stop() takes them down (never from the
// script's own handler: a script that fails too often only marks itself
// failed and asks the host, through onFailed, to stop it). In a cluster a
// follower keeps its scripts loaded and stopped, and start()s them when it
// becomes the leader (stop() and start() again on the same script).
class Script {
public:
    using FailedCallback = std::function<void(const std::string& name)>;

    Script(std::string name, std::string source, const ScriptServices& services, const ScriptOptions& options,
           FailedCallback onFailed);
    ~Script();  // stop()
    Script(const Script&) = delete;
    Script& operator=(const Script&) = delete;

    // Compiles and runs the chunk. False (state Failed, error recorded) on failure.
    bool load();
    void start();
    void stop();
    void disable();  // operator: stopped and marked Disabled

    // The entry points of the host; each catches everything.
    void handleEvent(std::size_t handler, const Event& event);
    // A journal event through every handler it matches; what they queue in
    // the outbox goes to `staged`. Stopped when the script is not running.
    JournalConsumer::Outcome deliver(const Event& event, StagedOutbox& staged, std::string& error);
    bool handles(const std::string& topic) const;
    // The durable subscriber's name and state (nullopt: not subscribed now).
    static std::string subscriberName(const std::string& script) { return "script:" + script; }
    std::optional<SubscriberStatus> journalStatus() const;
    void setJournalStart(JournalSubscriber::StartAt start) { journalStart_ = start; }
    StagedOutbox* staging() const { return staging_; }
    std::optional<AuthorizationDecision> authorize(const AuthorizationRequest& request,
                                                   std::chrono::steady_clock::time_point deadline);
    ScriptTestRun testRun(const std::string& topic, const std::string& payloadJson);

    const std::string& name() const { return name_; }
    const std::string& source() const { return source_; }
    ScriptStatus status() const;
    std::vector<ScriptError> recentErrors() const;
    bool authorizes() const { return authorizeRef_ != LUA_NOREF; }

    // For the API functions (lua_CFunctions) running inside this script.
    static Script& of(lua_State* L);
    enum class Phase { Loading, Running };
    Phase phase() const { return phase_; }
    bool inAuthorize() const { return inAuthorize_; }
    Poco::Logger& logger() { return logger_; }
    const ScriptServices& services() const { return services_; }
    const ScriptOptions& options() const { return options_; }
    LuaSandbox& sandbox() { return *sandbox_; }
    void logLine(int priority, const std::string& text);   // to the logger, and the test run's capture
    void recordError(const std::string& where, const std::string& message);  // counted, kept, logged
    // Registrations made by passway.on / on_authorize / timer.*.
    void addHandler(const std::string& pattern, int functionRef);
    void setAuthorizeHandler(int functionRef);
    std::uint64_t addTimer(std::chrono::milliseconds first, std::chrono::milliseconds period, int functionRef,
                           const std::string& cron);
    bool cancelTimer(std::uint64_t id);

private:
    struct Handler {
        std::string pattern;
        int ref = LUA_NOREF;
    };
    struct TimerSpec {
        std::uint64_t id = 0;
        std::chrono::milliseconds first{0};
        std::chrono::milliseconds period{0};  // 0: once
        std::string cron;                     // non-empty: re-armed at its next match
        int ref = LUA_NOREF;
        std::uint64_t pluginTimer = 0;
    };

    void armTimer(TimerSpec& timer);
    void runTimer(std::uint64_t id);
    // Runs the function (pushed with its arguments); records the outcome.
    bool callLocked(int nargs, int nresults, const std::string& where, std::string* error = nullptr,
                    std::chrono::milliseconds budget = std::chrono::milliseconds(0));
    void openApi();

    const std::string name_;
    const std::string source_;
    const ScriptServices services_;
    const ScriptOptions options_;
    const FailedCallback onFailed_;
    Poco::Logger& logger_;

    std::timed_mutex lua_;                  // the Lua state: one thread at a time
    std::unique_ptr<LuaSandbox> sandbox_;
    Phase phase_ = Phase::Loading;
    bool inAuthorize_ = false;
    std::vector<Handler> handlers_;
    int authorizeRef_ = LUA_NOREF;
    std::vector<TimerSpec> timers_;         // guarded by lua_
    std::uint64_t nextTimer_ = 1;
    std::vector<std::string>* capture_ = nullptr;

    mutable std::mutex lifecycle_;
    bool started_ = false;
    std::vector<std::uint64_t> subscriptions_;
    std::unique_ptr<JournalConsumer> feed_;
    std::unique_ptr<JournalSubscriber> subscriber_;
    JournalSubscriber::StartAt journalStart_ = JournalSubscriber::StartAt::Now;
    StagedOutbox* staging_ = nullptr;       // set while deliver() runs
    std::unique_ptr<PluginTimers> pluginTimers_;  // made anew by a start() after a stop() (cancelAll closes it)
    bool timersClosed_ = false;             // guarded by lua_
    std::atomic<bool> timersArmed_{false};  // between start() and stop()

    mutable std::mutex statusMutex_;
    std::atomic<ScriptState> state_{ScriptState::Failed};
    std::int64_t loadedAt_ = 0;
    std::uint64_t calls_ = 0;
    std::uint64_t errors_ = 0;
    int consecutive_ = 0;
    std::deque<ScriptError> recent_;
};

} // namespace passway
