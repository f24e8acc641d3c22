#include "store/sqlite/SqliteDatabase.h"

#include "store/StoreError.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace passway {

namespace {

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
    return text;
}

} // namespace

SqliteDatabase::SqliteDatabase(const SqliteDatabaseOptions& options) : path_(options.path) {
    if (path_.empty()) throw StoreError("sqlite: no database path configured (store.path)");
    // Checked before anything touches the disk; and since the level is
    // spliced into a PRAGMA, only the known words may pass.
    const std::string synchronous = upper(options.synchronous);
    if (synchronous != "FULL" && synchronous != "NORMAL" && synchronous != "EXTRA") {
        throw StoreError("sqlite: store.synchronous must be FULL, NORMAL or EXTRA, not '" + options.synchronous + "'");
    }
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty() && !options.readOnly) {
        std::error_code error;
        std::filesystem::create_directories(parent, error);
        if (error) throw StoreError("sqlite: cannot create folder " + parent.string() + ": " + error.message());
    }
    // NOMUTEX: our own mutex serialises all use of the connection.
    const int mode = options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int code = sqlite3_open_v2(path_.c_str(), &db_, mode | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
        close();
        throw StoreError("sqlite: cannot open " + path_ + ": " + message);
    }
    try {
        configure(options);
    } catch (const StoreError& e) {
        close();
        // The first statements read the file: this is where "file is not a
        // database" shows up, so say which file.
        throw StoreError("sqlite: cannot open " + path_ + ": " + e.what());
    }
}

SqliteDatabase::~SqliteDatabase() { close(); }

void SqliteDatabase::configure(const SqliteDatabaseOptions& options) {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, std::max(0, options.busyTimeoutMs));
    if (options.readOnly) {
        exec("PRAGMA temp_store=MEMORY");  // a list's sort, as below
        exec("PRAGMA cache_size=-" + std::to_string(std::max(1, options.cacheMiB) * 1024));
        return;
    }

    const std::string synchronous = upper(options.synchronous);
    {
        SqliteStatement mode = prepare("PRAGMA journal_mode=WAL");
        std::string journal = mode.step() ? mode.text(0) : std::string();
        if (upper(journal) != "WAL") {
            throw StoreError("sqlite: " + path_ + " cannot use WAL journal mode (got '" + journal + "')");
        }
    }
    // WAL + FULL syncs the log at every commit: an acknowledged write
    // survives a power cut. WAL + NORMAL syncs only at checkpoints: it
    // survives a process crash, and a power cut may lose the last commits.
    exec("PRAGMA synchronous=" + synchronous);
    exec("PRAGMA foreign_keys=ON");
    // Temporary b-trees (a RETURNING clause's rows, sorts) stay in memory: in
    // the default, file, an insert into the records opened and unlinked a
    // temporary file per batch, a quarter of the record intake's time.
    exec("PRAGMA temp_store=MEMORY");
    // The pages a record touches (its row, six indexes, the journal) outgrow
    // SQLite's default 2 MiB cache on a busy site: each miss is a pread, 8
    // per uploaded record with photos at 200 terminals, 3 with 64 MiB.
    exec("PRAGMA cache_size=-" + std::to_string(std::max(1, options.cacheMiB) * 1024));
    // A checkpoint copies every page changed since the last one from the log
    // into the database (a read and a write each, on the thread that
    // commits: the record writer). The pages a record touches are mostly the
    // same hot index leaves again and again, so a longer log copies each once
    // for many commits: 1,000 pages (SQLite's default) cost 6.5 of the 29
    // system calls per uploaded record with photos at 200 terminals, 10,000
    // (a 40 MiB log) almost none. The log file keeps its largest size.
    exec("PRAGMA wal_autocheckpoint=" + std::to_string(std::max(1, options.checkpointPages)));
}

void SqliteDatabase::setDepth(int depth) {
    depth_ = depth;
    transactionThread_.store(depth > 0 ? std::this_thread::get_id() : std::thread::id());
}

void SqliteDatabase::close() noexcept {
    if (!db_) return;
    for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
    idle_.clear();
    sqlite3_close_v2(db_);
    db_ = nullptr;
}

SqliteStatement SqliteDatabase::prepare(const std::string& sql) {
    auto found = idle_.find(sql);
    if (found != idle_.end()) {
        sqlite3_stmt* stmt = found->second;
        idle_.erase(found);
        return SqliteStatement(*this, stmt);
    }
    sqlite3_stmt* stmt = nullptr;
    const int code = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &stmt, nullptr);
    if (code != SQLITE_OK) fail(code, "preparing " + sql);
    return SqliteStatement(*this, stmt);
}

void SqliteDatabase::giveBack(sqlite3_stmt* stmt) noexcept {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    try {
        idle_.emplace(sqlite3_sql(stmt), stmt);
    } catch (...) {
        sqlite3_finalize(stmt);
    }
}

void SqliteDatabase::exec(const std::string& sql) {
    char* error = nullptr;
    const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (code != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errstr(code);
        sqlite3_free(error);
        throw StoreError::fromDatabase("sqlite: " + message + " (in " + sql.substr(0, 200) + ")",
                                       (code & 0xff) == SQLITE_CONSTRAINT);
    }
}

void SqliteDatabase::afterCommit(std::function<void()> action) {
    {
        auto held = lock();
        if (depth_ > 0) {
            pending_.push_back(std::move(action));
            return;
        }
    }
    action();
}

std::vector<std::function<void()>> SqliteDatabase::takeCommitted() {
    auto held = lock();
    std::vector<std::function<void()>> actions;
    actions.swap(committed_);
    return actions;
}

std::int64_t SqliteDatabase::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int SqliteDatabase::changes() const { return sqlite3_changes(db_); }

void SqliteDatabase::fail(int code, const std::string& context) const {
    // The connection's message is more precise than the code's generic text
    // ("UNIQUE constraint failed: devices.protocol, devices.serial").
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    throw StoreError::fromDatabase("sqlite: " + message + " (" + context + ")", (code & 0xff) == SQLITE_CONSTRAINT);
}

} // namespace passway
