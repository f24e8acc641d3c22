#include "script/ScriptHost.h"

#include "journal/EventJournal.h"
#include "script/LuaSandbox.h"
#include "script/Script.h"
#include "script/ScriptEdits.h"
#include "store/Store.h"

#include <Poco/Logger.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace passway {

namespace fs = std::filesystem;

namespace {

Poco::Logger& log() { return Poco::Logger::get("script"); }

std::string disabledKey(const std::string& name) { return "script.disabled." + name; }

std::string readFile(const std::string& path, std::size_t limit, bool& tooBig) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::ostringstream text;
    text << in.rdbuf();
    tooBig = text.str().size() > limit;
    return text.str();
}

} // namespace

ScriptHost::ScriptHost(ScriptServices services, ScriptOptions options)
    : services_(services), options_(std::move(options)) {
    if (!options_.host.empty()) edits_ = std::make_unique<ScriptEdits>(services_.store, services_.bus, options_.host);
}

ScriptHost::~ScriptHost() { stop(); }

bool ScriptHost::validName(const std::string& name) {
    static const std::regex kName("[A-Za-z0-9_-]{1,64}");
    return std::regex_match(name, kName);
}

std::string ScriptHost::pathOf(const std::string& name) const { return options_.dir + "/" + name + ".lua"; }

bool ScriptHost::disabledInStore(const std::string& name) const {
    try {
        return services_.store.kv().get(disabledKey(name)).value_or("") == "1";
    } catch (const std::exception&) {
        return false;
    }
}

void ScriptHost::start() {
    {
        std::lock_guard lock(watcherMutex_);
        if (watcher_.joinable()) return;
        stopping_ = false;
    }
    lib_ = libStamp();
    rescan();
    if (edits_) edits_->start([this](const std::string& name, const std::string& change) { changedElsewhere(name, change); });
    std::lock_guard lock(watcherMutex_);
    watcher_ = std::thread([this] { watch(); });
    log().information("scripts from " + options_.dir + ": " + std::to_string(list().size()) + " loaded" +
                      (leading_ ? "" : "; their handlers and timers run on the cluster's leader"));
}

void ScriptHost::stop() {
    {
        std::lock_guard lock(watcherMutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (watcher_.joinable()) watcher_.join();
    if (edits_) edits_->stop();
    std::map<std::string, Entry> entries;
    {
        std::lock_guard lock(mutex_);
        entries.swap(entries_);
    }
    for (auto& [name, entry] : entries) entry.script->stop();
}

void ScriptHost::lead() {
    std::lock_guard reload(reload_);
    if (leading_.exchange(true)) return;
    std::vector<std::shared_ptr<Script>> scripts;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, entry] : entries_) scripts.push_back(entry.script);
    }
    // Each continues from its journal cursor, where the last leader left it.
    for (const auto& script : scripts) script->start();
    log().information("scripts: handlers and timers run on this host (it leads)");
}

void ScriptHost::follow() {
    std::lock_guard reload(reload_);
    if (!leading_.exchange(false)) return;
    std::vector<std::shared_ptr<Script>> scripts;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, entry] : entries_) scripts.push_back(entry.script);
    }
    for (const auto& script : scripts) script->stop();  // loaded still: on_authorize answers
    log().information("scripts: handlers and timers stopped on this host (another host leads)");
}

bool ScriptHost::leading() const { return leading_.load(); }

void ScriptHost::watch() {
    std::unique_lock lock(watcherMutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.reloadPoll, [this] { return stopping_ || !failed_.empty(); });
        if (stopping_) return;
        lock.unlock();
        try {
            reapFailed();
            rescan();
        } catch (const std::exception& e) {
            log().error(std::string("watching ") + options_.dir + ": " + e.what());
        }
        lock.lock();
    }
}

void ScriptHost::reapFailed() {
    std::set<std::string> names;
    {
        std::lock_guard lock(watcherMutex_);
        names.swap(failed_);
    }
    for (const auto& name : names) {
        if (auto script = find(name)) script->stop();
    }
}

ScriptHost::FileStamp ScriptHost::libStamp() const {
    // Any change under lib/ reloads every script (any may require it).
    FileStamp stamp;
    std::error_code ec;
    const fs::path lib = fs::path(options_.dir) / "lib";
    if (!fs::is_directory(lib, ec)) return stamp;
    for (auto it = fs::recursive_directory_iterator(lib, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        stamp.size += it->file_size(ec) + 1;
        stamp.mtime = std::max(stamp.mtime, it->last_write_time(ec));
    }
    return stamp;
}

void ScriptHost::rescan() {
    std::lock_guard reload(reload_);
    std::map<std::string, FileStamp> files;
    std::error_code ec;
    for (auto it = fs::directory_iterator(options_.dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        if (path.extension() != ".lua" || !it->is_regular_file(ec)) continue;
        const std::string name = path.stem().string();
        if (!validName(name)) continue;
        files[name] = FileStamp{it->last_write_time(ec), it->file_size(ec)};
    }
    const FileStamp lib = libStamp();
    const bool libChanged = !(lib == lib_);
    lib_ = lib;
    std::vector<std::string> gone;
    std::map<std::string, FileStamp> changed;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, entry] : entries_) {
            if (!files.count(name)) gone.push_back(name);
        }
        for (const auto& [name, stamp] : files) {
            const auto it = entries_.find(name);
            if (it == entries_.end() || !(it->second.stamp == stamp) || libChanged) changed[name] = stamp;
        }
    }
    for (const auto& name : gone) unload(name);
    for (const auto& [name, stamp] : changed) load(name, stamp);
}

void ScriptHost::load(const std::string& name, const FileStamp& stamp) {
    bool tooBig = false;
    const std::string source = readFile(pathOf(name), options_.maxSourceBytes, tooBig);
    auto script = std::make_shared<Script>(name, tooBig ? "error('the script is over the size limit')" : source,
                                           services_, options_, [this](const std::string& failed) {
                                               {
                                                   std::lock_guard lock(watcherMutex_);
                                                   failed_.insert(failed);
                                               }
                                               wake_.notify_all();
                                           });
    std::shared_ptr<Script> previous;
    {
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(name); it != entries_.end()) previous = it->second.script;
    }
    // Stop the old one first: its subscriber moves the journal cursor past
    // what it handled, and the new one continues from there, so no event is
    // handled twice or missed across a reload.
    if (previous) previous->stop();
    const bool disabled = disabledInStore(name);
    if (disabled) {
        script->disable();
    } else if (script->load()) {
        if (leading_) script->start();
        log().information("script " + name + (previous ? " reloaded" : " loaded"));
    } else {
        log().warning("script " + name + " does not load: " + script->status().lastError);
    }
    std::lock_guard lock(mutex_);
    entries_[name] = Entry{script, stamp};
}

void ScriptHost::unload(const std::string& name) {
    std::shared_ptr<Script> script;
    {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(name);
        if (it == entries_.end()) return;
        script = it->second.script;
        entries_.erase(it);
    }
    script->stop();
    log().information("script " + name + " removed");
}

std::shared_ptr<Script> ScriptHost::find(const std::string& name) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second.script;
}

std::vector<ScriptStatus> ScriptHost::list() const {
    std::vector<std::shared_ptr<Script>> scripts;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, entry] : entries_) scripts.push_back(entry.script);
    }
    std::vector<ScriptStatus> out;
    for (const auto& script : scripts) out.push_back(statusOf(*script));
    return out;
}

ScriptStatus ScriptHost::statusOf(const Script& script) const {
    ScriptStatus status = script.status();
    status.journal = script.journalStatus();
    if (!status.journal && services_.journal) {
        // Not subscribed now (disabled, failed): its cursor waits in the store.
        try {
            status.journal = services_.journal->statusOf(Script::subscriberName(script.name()));
        } catch (const std::exception& e) {
            log().warning("journal status of script " + script.name() + ": " + e.what());
        }
    }
    return status;
}

std::optional<ScriptStatus> ScriptHost::status(const std::string& name) const {
    if (auto script = find(name)) return statusOf(*script);
    return std::nullopt;
}

std::optional<std::vector<DeadLetter>> ScriptHost::deadLetters(const std::string& name, int limit) const {
    if (!find(name)) return std::nullopt;
    return services_.store.journal().deadLetters(Script::subscriberName(name), limit);
}

std::optional<std::int64_t> ScriptHost::skipToNow(const std::string& name) {
    if (!services_.journal) return std::nullopt;
    std::int64_t position = 0;
    {
        std::lock_guard reload(reload_);
        const auto script = find(name);
        if (!script) return std::nullopt;
        position = skipLocked(name, *script);
    }
    // The leader's running subscriber holds the cursor: it skips too.
    if (edits_) edits_->share(name, "skipped");
    return position;
}

std::int64_t ScriptHost::skipLocked(const std::string& name, Script& script) {
    script.stop();  // its cursor must not move under it
    const std::int64_t position = services_.journal->skipToNow(Script::subscriberName(name));
    reloadLocked(name);
    return position;
}

void ScriptHost::reloadLocked(const std::string& name) {
    std::error_code ec;
    load(name, FileStamp{fs::last_write_time(pathOf(name), ec), fs::file_size(pathOf(name), ec)});
}

std::optional<std::vector<ScriptError>> ScriptHost::errors(const std::string& name) const {
    if (auto script = find(name)) return script->recentErrors();
    return std::nullopt;
}

std::optional<std::string> ScriptHost::source(const std::string& name) const {
    if (auto script = find(name)) return script->source();
    return std::nullopt;
}

std::string ScriptHost::validate(const std::string& name, const std::string& source) const {
    if (!validName(name)) return "name must be 1-64 of A-Z a-z 0-9 _ -";
    if (source.size() > options_.maxSourceBytes) return "the script is over " + std::to_string(options_.maxSourceBytes) + " bytes";
    // Compiled only, not run: saving must not have side effects.
    LuaSandbox sandbox(LuaSandbox::Limits{options_.memoryBytes, options_.deadline});
    std::string error;
    if (!sandbox.load(source, name + ".lua", error)) return error;
    lua_pop(sandbox.state(), 1);
    return "";
}

std::string ScriptHost::save(const std::string& name, const std::string& source) {
    if (auto error = validate(name, source); !error.empty()) return error;
    {
        std::lock_guard reload(reload_);
        if (auto error = writeSource(name, source); !error.empty()) return error;
        reloadLocked(name);
    }
    if (edits_) edits_->share(name, "saved", &source);
    return "";
}

std::string ScriptHost::writeSource(const std::string& name, const std::string& source) {
    std::error_code ec;
    fs::create_directories(options_.dir, ec);
    const std::string target = pathOf(name), temporary = options_.dir + "/." + name + ".lua.tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << source;
        if (!out.flush()) return "cannot write " + temporary;
    }
    fs::rename(temporary, target, ec);
    if (ec) return "cannot write " + target + ": " + ec.message();
    return "";
}

bool ScriptHost::setEnabled(const std::string& name, bool enabled) {
    if (!find(name)) return false;
    if (enabled) {
        services_.store.kv().remove(disabledKey(name));
    } else {
        services_.store.kv().set(disabledKey(name), "1");
    }
    {
        // Either way a fresh instance: enabling also clears a failed state.
        std::lock_guard reload(reload_);
        reloadLocked(name);
    }
    if (edits_) edits_->share(name, enabled ? "enabled" : "disabled");
    return true;
}

bool ScriptHost::settingsChanged(const std::string& name) {
    const auto script = find(name);
    if (!script) return false;
    if (script->status().state != ScriptState::Disabled) {
        // It reads its settings when it loads (a disabled one, when enabled).
        std::lock_guard reload(reload_);
        reloadLocked(name);
    }
    if (edits_) edits_->share(name, "settings");
    return true;
}

void ScriptHost::changedElsewhere(const std::string& name, const std::string& change) {
    if (!validName(name)) return;
    if (change == "saved") {
        const auto source = edits_ ? edits_->savedSource(name) : std::nullopt;
        if (!source) return;
        if (auto error = validate(name, *source); !error.empty()) {
            log().warning("script " + name + " saved on another host does not compile here: " + error);
            return;
        }
        std::lock_guard reload(reload_);
        const auto loaded = find(name);
        if (loaded && loaded->source() == *source) return;
        if (auto error = writeSource(name, *source); !error.empty()) {
            log().error("script " + name + " saved on another host: " + error);
            return;
        }
        reloadLocked(name);
        log().information("script " + name + " saved on another host: loaded here");
        return;
    }
    if (change == "settings" && services_.reloadSettings) services_.reloadSettings("script." + name + ".");
    std::lock_guard reload(reload_);
    const auto script = find(name);
    if (!script) return;
    if (change == "skipped") {
        // Only the leader's subscriber holds a cursor that could undo the skip.
        if (leading_ && services_.journal) skipLocked(name, *script);
        return;
    }
    if (change == "settings" && script->status().state == ScriptState::Disabled) return;
    reloadLocked(name);  // "enabled", "disabled" (the flag is in the store), "settings"
}

std::optional<ScriptTestRun> ScriptHost::testRun(const std::string& name, const std::string& topic,
                                                 const std::string& payloadJson) {
    const auto live = find(name);
    if (!live) return std::nullopt;
    Script copy(name, live->source(), services_, options_, nullptr);
    return copy.testRun(topic, payloadJson);
}

std::optional<AuthorizationDecision> ScriptHost::authorize(const AuthorizationRequest& request,
                                                           std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::vector<std::shared_ptr<Script>> scripts;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, entry] : entries_) {
            if (entry.script->authorizes()) scripts.push_back(entry.script);
        }
    }
    for (const auto& script : scripts) {
        if (std::chrono::steady_clock::now() >= until) break;
        if (auto decision = script->authorize(request, until)) return decision;
    }
    return std::nullopt;
}

} // namespace passway
