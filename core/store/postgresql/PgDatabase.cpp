#include "store/postgresql/PgDatabase.h"

#include "store/StoreError.h"
#include "util/SecretPolicy.h"

#include <cctype>

namespace passway {

PgSession::PgSession(PgDatabase& db) : db_(&db) { db.bind(); }

PgSession::~PgSession() {
    if (db_) db_->unbind();
}

PgDatabase::PgDatabase(PgPoolOptions options) : pool_(std::move(options)) {
    if (pool_.options().url.empty()) throw StoreError("postgresql: no database configured (store.url)");
}

PgDatabase::~PgDatabase() = default;

void PgDatabase::bind() {
    const auto self = std::this_thread::get_id();
    {
        std::lock_guard lock(mutex_);
        auto found = held_.find(self);
        if (found != held_.end()) {
            ++found->second.count;
            return;
        }
    }
    // Borrowing may wait for a free connection: not under the mutex.
    auto connection = pool_.borrow();
    std::lock_guard lock(mutex_);
    held_[self] = Held{std::move(connection), 1};
}

void PgDatabase::unbind() noexcept {
    std::unique_ptr<PgConnection> back;
    {
        std::lock_guard lock(mutex_);
        auto found = held_.find(std::this_thread::get_id());
        if (found == held_.end() || --found->second.count > 0) return;
        back = std::move(found->second.connection);
        held_.erase(found);
    }
    pool_.giveBack(std::move(back));
}

PgConnection& PgDatabase::connection() {
    std::lock_guard lock(mutex_);
    auto found = held_.find(std::this_thread::get_id());
    if (found == held_.end()) throw StoreError("postgresql: store used without lock() (a bug)");
    return *found->second.connection;
}

PgStatement PgDatabase::prepare(const std::string& sql) { return PgStatement(connection(), pgParameters(sql)); }

void PgDatabase::exec(const std::string& sql) { connection().exec(sql); }

std::int64_t PgDatabase::changes() { return connection().changes; }

int PgDatabase::transactionDepth() { return connection().depth; }

void PgDatabase::afterCommit(std::function<void()> action) {
    {
        auto held = lock();
        PgConnection& c = connection();
        if (c.depth > 0) {
            c.pending.push_back(std::move(action));
            return;
        }
    }
    action();
}

std::vector<std::function<void()>> PgDatabase::takeCommitted() {
    auto held = lock();
    std::vector<std::function<void()>> actions;
    actions.swap(connection().committed);
    return actions;
}

std::string PgDatabase::describe() const {
    // postgresql://user:***@host/db, and ?password=*** where given so.
    return maskUrlSecrets(pool_.options().url);
}

std::string pgParameters(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 0;
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            out += c;
            if (c == quote) quote = 0;  // a doubled quote reopens at the next character
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            std::size_t end = i + 1;
            while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
            if (end > i + 1) {
                out += '$' + sql.substr(i + 1, end - i - 1);
                i = end - 1;
            } else {
                out += '$' + std::to_string(++next);
            }
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace passway
