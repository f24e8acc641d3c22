#include "store/sql/SqlPersonReviewRepository.h"

#include "passway/Clock.h"
#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, device_id, user_id, reasons, proposed, base_version, state, created_at, decided_at, decided_by "
    "FROM person_reviews";

template <typename Statement>
PersonReview readRow(Statement& row) {
    PersonReview r;
    r.id = row.int64(0);
    r.deviceId = row.int64(1);
    r.userId = static_cast<std::uint32_t>(row.int64(2));
    r.reasons = row.text(3);
    r.proposed = row.text(4);
    r.baseVersion = row.int64(5);
    r.state = row.text(6);
    r.createdAt = row.int64(7);
    r.decidedAt = row.int64(8);
    r.decidedBy = row.text(9);
    return r;
}

} // namespace

template <typename Sql>
PersonReview SqlPersonReviewRepository<Sql>::hold(const PersonReview& review) {
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    const std::int64_t now = nowMillis();
    db_.prepare("DELETE FROM person_reviews WHERE device_id = ? AND user_id = ? AND state = 'pending'")
        .bindAll(review.deviceId, review.userId)
        .run();
    const std::int64_t id = Sql::insertedId(
        db_,
        db_.prepare(std::string(
                        "INSERT INTO person_reviews (device_id, user_id, reasons, proposed, base_version, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)") +
                    Sql::kReturningId)
            .bindAll(review.deviceId, review.userId, review.reasons, review.proposed, review.baseVersion, now));
    transaction.commit();
    return *findLocked(id);
}

template <typename Sql>
std::optional<PersonReview> SqlPersonReviewRepository<Sql>::findLocked(std::int64_t id) {
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
std::optional<PersonReview> SqlPersonReviewRepository<Sql>::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

template <typename Sql>
std::vector<PersonReview> SqlPersonReviewRepository<Sql>::list(const std::string& state, int offset, int limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " WHERE (?1 = '' OR state = ?1) ORDER BY id DESC LIMIT ?2 OFFSET ?3");
    rows.bindAll(state, limit > 0 ? limit : 0, offset > 0 ? offset : 0);
    std::vector<PersonReview> out;
    while (rows.step()) out.push_back(readRow(rows));
    return out;
}

template <typename Sql>
std::int64_t SqlPersonReviewRepository<Sql>::count(const std::string& state) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM person_reviews WHERE (?1 = '' OR state = ?1)");
    row.bindAll(state);
    row.step();
    return row.int64(0);
}

template <typename Sql>
bool SqlPersonReviewRepository<Sql>::decide(std::int64_t id, const std::string& state, const std::string& by) {
    auto lock = db_.lock();
    db_.prepare("UPDATE person_reviews SET state = ?, decided_at = ?, decided_by = ? WHERE id = ? AND state = 'pending'")
        .bindAll(state, nowMillis(), by, id)
        .run();
    return db_.changes() > 0;
}

template class SqlPersonReviewRepository<SqliteDialect>;
template class SqlPersonReviewRepository<PgDialect>;

} // namespace passway
