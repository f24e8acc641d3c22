#pragma once

#include "model/JournalEntry.h"
#include "passway/Authorization.h"
#include "script/ScriptOptions.h"
#include "script/ScriptStatus.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace passway {

class Script;
class ScriptEdits;

// The scripts of scripts.dir: one Script per <name>.lua, loaded at start and
// reloaded when its file changes (the folder is looked at every
// reloadPoll) or is saved through the admin API. Also the host's online
// authorization hook: it asks each script with passway.on_authorize, in
// name order, until one decides.
//
// The watcher thread also does the work a script cannot do for itself: a
// script that failed too often is stopped there (its subscriptions and
// timers can't be removed from inside its own handler).
//
// Roles: every host loads every script (so on_authorize answers a terminal
// connected to any host, and the admin API's script pages work anywhere);
// only the leader runs what must run once among hosts sharing a store: the
// handlers fed from the journal (whose cursors the hosts share), timers and
// cron. Alone, a host leads. In a cluster (options.host set) an edit through
// the admin API (save, enable, disable, skip to now, settings) is shared
// with the other hosts (ScriptEdits): they load the same source.
class ScriptHost final : public AuthorizationHook {
public:
    ScriptHost(ScriptServices services, ScriptOptions options);
    ~ScriptHost() override;  // stop()
    ScriptHost(const ScriptHost&) = delete;
    ScriptHost& operator=(const ScriptHost&) = delete;

    // Loads the scripts; their handlers and timers run when this host leads.
    void start();
    void stop();
    // This host leads (the default) or follows: the loaded scripts' handlers
    // and timers start or stop; the scripts stay loaded. Also before start().
    void lead();
    void follow();
    bool leading() const;
    // Looks at the folder now (what the watcher does every reloadPoll).
    void rescan();

    std::vector<ScriptStatus> list() const;
    std::optional<ScriptStatus> status(const std::string& name) const;
    std::optional<std::vector<ScriptError>> errors(const std::string& name) const;
    std::optional<std::string> source(const std::string& name) const;
    // Events the script gave up on (newest first); nullopt for an unknown script.
    std::optional<std::vector<DeadLetter>> deadLetters(const std::string& name, int limit) const;
    // Moves the script's journal cursor to the newest event, so that it does
    // not handle what it missed (an operator's choice, after a long stop).
    // Returns the new position; nullopt for an unknown script or without a journal.
    std::optional<std::int64_t> skipToNow(const std::string& name);

    // "" when `source` compiles, else the compiler's message.
    std::string validate(const std::string& name, const std::string& source) const;
    // Validates, writes <dir>/<name>.lua (atomically) and (re)loads it.
    // Returns "" or the reason it was refused; the file is untouched then.
    std::string save(const std::string& name, const std::string& source);
    // False for an unknown script. Kept in the store across restarts.
    bool setEnabled(const std::string& name, bool enabled);
    // Its settings (script.<name>.*) were changed on the admin page: a fresh
    // instance reads them. False for an unknown script.
    bool settingsChanged(const std::string& name);
    // Runs the script's handlers for `topic` with the sample payload in a
    // fresh copy of the script (its live state and counts are untouched; its
    // API calls are real). topic "authorize" runs on_authorize.
    std::optional<ScriptTestRun> testRun(const std::string& name, const std::string& topic,
                                         const std::string& payloadJson);

    std::optional<AuthorizationDecision> authorize(const AuthorizationRequest& request,
                                                   std::chrono::milliseconds deadline) override;

    // Another host of the cluster changed script `name` through its admin
    // API (ScriptEdits): "saved" (the source is in the store), "enabled",
    // "disabled", "settings" or "skipped". Applied here without sharing it again.
    void changedElsewhere(const std::string& name, const std::string& change);

    static bool validName(const std::string& name);
    const ScriptOptions& options() const { return options_; }

private:
    struct FileStamp {
        std::filesystem::file_time_type mtime{};
        std::uintmax_t size = 0;
        bool operator==(const FileStamp& o) const { return mtime == o.mtime && size == o.size; }
    };
    struct Entry {
        std::shared_ptr<Script> script;
        FileStamp stamp;
    };

    void watch();
    // Writes <dir>/<name>.lua atomically; "" or why not.
    std::string writeSource(const std::string& name, const std::string& source);
    void reloadLocked(const std::string& name);  // a fresh instance from its file; reload_ held
    std::int64_t skipLocked(const std::string& name, Script& script);
    void load(const std::string& name, const FileStamp& stamp);  // replaces the running one
    void unload(const std::string& name);
    std::string pathOf(const std::string& name) const;
    bool disabledInStore(const std::string& name) const;
    std::shared_ptr<Script> find(const std::string& name) const;
    ScriptStatus statusOf(const Script& script) const;  // with its journal cursor
    void reapFailed();
    FileStamp libStamp() const;

    const ScriptServices services_;
    const ScriptOptions options_;

    mutable std::mutex mutex_;             // entries_
    std::map<std::string, Entry> entries_;
    std::mutex reload_;                    // one load/unload at a time (watcher, API)
    FileStamp lib_;
    std::atomic<bool> leading_{true};      // changed with reload_ held
    std::unique_ptr<ScriptEdits> edits_;   // in a cluster: edits shared with the other hosts

    std::mutex watcherMutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::set<std::string> failed_;         // to be stopped by the watcher
    std::thread watcher_;
};

} // namespace passway
