#include "store/sql/SqlPersonRepository.h"

#include "store/StoreError.h"
#include "store/postgresql/PgDialect.h"
#include "store/sql/SqlWhere.h"
#include "store/sqlite/SqliteDialect.h"
#include "passway/Clock.h"

#include <limits>

namespace passway {

namespace {

constexpr const char* kColumns =
    "user_id, code, name, job, department, id_card, role, valid_from, valid_until, time_group, extra, "
    "photo_blob, version, created_at, updated_at";

} // namespace

template <typename Sql>
Person SqlPersonRepository<Sql>::readRow(typename Sql::Statement& row) {
    Person person;
    person.userId = static_cast<std::uint32_t>(row.int64(0));
    person.code = row.text(1);
    person.name = row.text(2);
    person.job = row.text(3);
    person.department = row.text(4);
    person.idCard = row.text(5);
    person.role = row.text(6);
    person.validFrom = row.optionalInt64(7);
    person.validUntil = row.optionalInt64(8);
    person.timeGroup = row.text(9);
    person.extra = row.text(10);
    person.photoBlob = row.text(11);
    person.version = row.int64(12);
    person.createdAt = row.int64(13);
    person.updatedAt = row.int64(14);
    return person;
}

template <typename Sql>
void SqlPersonRepository<Sql>::loadDetails(Person& person) {
    auto credentials = db_.prepare(
        "SELECT kind, value, blob, idx FROM person_credentials WHERE user_id = ? ORDER BY position");
    credentials.bind(1, person.userId);
    while (credentials.step()) {
        person.credentials.push_back(
            Credential{credentials.text(0), credentials.text(1), credentials.text(2), credentials.int32(3)});
    }
    auto groups = db_.prepare("SELECT grp FROM person_access_groups WHERE user_id = ? ORDER BY position");
    groups.bind(1, person.userId);
    while (groups.step()) person.accessGroups.push_back(groups.text(0));
}

template <typename Sql>
std::optional<Person> SqlPersonRepository<Sql>::findLocked(std::uint32_t userId) {
    auto row = db_.prepare(std::string("SELECT ") + kColumns + " FROM persons WHERE user_id = ?");
    row.bind(1, userId);
    if (!row.step()) return std::nullopt;
    Person person = readRow(row);
    loadDetails(person);
    return person;
}

template <typename Sql>
std::uint32_t SqlPersonRepository<Sql>::nextFreeIdLocked() {
    // Ids of removed persons count as taken: a terminal may still hold the
    // removed person until its sync runs, and must not see a stranger's face
    // or card under that id.
    auto max = db_.prepare(std::string("SELECT ") + Sql::kGreatest +
                           "(COALESCE((SELECT MAX(user_id) FROM persons), 0), "
                           "  COALESCE((SELECT MAX(user_id) FROM person_tombstones), 0))");
    max.step();
    const std::int64_t next = max.int64(0) + 1;
    if (next > std::numeric_limits<std::uint32_t>::max()) throw StoreError("no free user id left", true);
    return static_cast<std::uint32_t>(next);
}

template <typename Sql>
void SqlPersonRepository<Sql>::checkCardsFree(const Person& person) {
    // The unique index enforces this too; checking first gives a message an
    // operator can act on ("card 123 is held by person 7").
    for (const auto& credential : person.credentials) {
        if (credential.kind != "card" || credential.value.empty()) continue;
        auto holder = db_.prepare(
            "SELECT user_id FROM person_credentials WHERE kind = 'card' AND value = ? AND user_id <> ? LIMIT 1");
        holder.bindAll(credential.value, person.userId);
        if (holder.step()) {
            throw StoreError(
                "card " + credential.value + " is already held by person " + std::to_string(holder.int64(0)), true);
        }
    }
}

template <typename Sql>
void SqlPersonRepository<Sql>::writeDetails(const Person& person) {
    db_.prepare("DELETE FROM person_credentials WHERE user_id = ?").bind(1, person.userId).run();
    db_.prepare("DELETE FROM person_access_groups WHERE user_id = ?").bind(1, person.userId).run();

    int position = 0;
    for (const auto& credential : person.credentials) {
        db_.prepare("INSERT INTO person_credentials (user_id, position, kind, value, blob, idx) VALUES (?, ?, ?, ?, ?, ?)")
            .bindAll(person.userId, position++, credential.kind, credential.value, credential.blob, credential.index)
            .run();
    }
    position = 0;
    for (const auto& group : person.accessGroups) {
        // A group listed twice is still one membership.
        db_.prepare("INSERT INTO person_access_groups (user_id, grp, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .bindAll(person.userId, group, position++)
            .run();
    }
}

template <typename Sql>
Person SqlPersonRepository<Sql>::save(const Person& input) {
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);

    Person person = input;
    if (person.userId == 0) person.userId = nextFreeIdLocked();
    const std::int64_t now = nowMillis();

    // The version only grows, across a removal too (see person_tombstones).
    std::int64_t previousVersion = 0;
    std::int64_t createdAt = now;
    {
        auto existing = db_.prepare("SELECT version, created_at FROM persons WHERE user_id = ?");
        existing.bind(1, person.userId);
        if (existing.step()) {
            previousVersion = existing.int64(0);
            createdAt = existing.int64(1);
        } else {
            auto tombstone = db_.prepare("SELECT version FROM person_tombstones WHERE user_id = ?");
            tombstone.bind(1, person.userId);
            if (tombstone.step()) previousVersion = tombstone.int64(0);
        }
    }
    person.version = previousVersion + 1;
    person.createdAt = createdAt;
    person.updatedAt = now;

    checkCardsFree(person);
    db_.prepare(
           "INSERT INTO persons (user_id, code, name, job, department, id_card, role, valid_from, valid_until, "
           "time_group, extra, photo_blob, version, created_at, updated_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (user_id) DO UPDATE SET code = excluded.code, name = excluded.name, job = excluded.job, "
           "department = excluded.department, id_card = excluded.id_card, role = excluded.role, "
           "valid_from = excluded.valid_from, valid_until = excluded.valid_until, time_group = excluded.time_group, "
           "extra = excluded.extra, photo_blob = excluded.photo_blob, version = excluded.version, "
           "updated_at = excluded.updated_at")
        .bindAll(person.userId, person.code, person.name, person.job, person.department, person.idCard, person.role,
                 person.validFrom, person.validUntil, person.timeGroup, person.extra, person.photoBlob,
                 person.version, person.createdAt, person.updatedAt)
        .run();
    db_.prepare("DELETE FROM person_tombstones WHERE user_id = ?").bind(1, person.userId).run();
    writeDetails(person);

    std::optional<Person> stored = findLocked(person.userId);
    transaction.commit();
    return *stored;
}

template <typename Sql>
std::optional<Person> SqlPersonRepository<Sql>::find(std::uint32_t userId) {
    auto lock = db_.lock();
    return findLocked(userId);
}

template <typename Sql>
std::optional<Person> SqlPersonRepository<Sql>::findByCredential(const std::string& kind, const std::string& value) {
    if (value.empty()) return std::nullopt;  // templates have no value to look up by
    auto lock = db_.lock();
    std::int64_t userId = 0;
    {
        auto row = db_.prepare("SELECT user_id FROM person_credentials WHERE kind = ? AND value = ? LIMIT 1");
        row.bindAll(kind, value);
        if (!row.step()) return std::nullopt;
        userId = row.int64(0);
    }
    return findLocked(static_cast<std::uint32_t>(userId));
}

template <typename Sql>
Page<Person> SqlPersonRepository<Sql>::list(const PersonQuery& query) {
    SqlWhere where;
    if (!query.search.empty()) {
        const std::string pattern = likeContains(query.search);
        const std::string like = std::string(" ") + Sql::kLike + " ? ESCAPE '\\'";
        where.add("p.name" + like + " OR p.code" + like + " OR p.id_card" + like +
                      " OR CAST(p.user_id AS TEXT)" + like +
                      " OR EXISTS (SELECT 1 FROM person_credentials c WHERE c.user_id = p.user_id"
                      " AND c.kind = 'card' AND c.value" + like + ")",
                  {pattern, pattern, pattern, pattern, pattern});
    }
    if (!query.accessGroup.empty()) {
        where.add("EXISTS (SELECT 1 FROM person_access_groups g WHERE g.user_id = p.user_id AND g.grp = ?)",
                  {query.accessGroup});
    }
    if (!query.department.empty()) where.add("p.department = ?", {query.department});

    auto lock = db_.lock();
    Page<Person> page;
    {
        auto total = db_.prepare("SELECT COUNT(*) FROM persons p" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    {
        auto rows = db_.prepare(std::string("SELECT ") + kColumns + " FROM persons p" + where.sql() +
                                " ORDER BY p.user_id" + kPageClause);
        bindPage(rows, where.bindTo(rows), query.offset, query.limit);
        while (rows.step()) page.items.push_back(readRow(rows));
    }
    for (auto& person : page.items) loadDetails(person);
    return page;
}

template <typename Sql>
std::vector<Person> SqlPersonRepository<Sql>::inAccessGroups(const std::vector<std::string>& groups) {
    SqlWhere where;
    if (!groups.empty()) {
        where.add("user_id IN (SELECT user_id FROM person_access_groups WHERE grp IN (" +
                      sqlPlaceholders(groups.size()) + "))",
                  std::vector<SqlValue>(groups.begin(), groups.end()));
    }
    auto lock = db_.lock();
    std::vector<Person> persons;
    {
        auto rows = db_.prepare(std::string("SELECT ") + kColumns + " FROM persons" + where.sql() + " ORDER BY user_id");
        where.bindTo(rows);
        while (rows.step()) persons.push_back(readRow(rows));
    }
    for (auto& person : persons) loadDetails(person);
    return persons;
}

template <typename Sql>
bool SqlPersonRepository<Sql>::remove(std::uint32_t userId) {
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    std::int64_t version = 0;
    {
        auto existing = db_.prepare("SELECT version FROM persons WHERE user_id = ?");
        existing.bind(1, userId);
        if (!existing.step()) return false;
        version = existing.int64(0);
    }
    db_.prepare("DELETE FROM persons WHERE user_id = ?").bind(1, userId).run();
    // A removal is a change too: it takes the next version.
    db_.prepare("INSERT INTO person_tombstones (user_id, version, removed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, removed_at = excluded.removed_at")
        .bindAll(userId, version + 1, nowMillis())
        .run();
    transaction.commit();
    return true;
}

template <typename Sql>
std::int64_t SqlPersonRepository<Sql>::count() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM persons");
    row.step();
    return row.int64(0);
}

template class SqlPersonRepository<SqliteDialect>;
template class SqlPersonRepository<PgDialect>;

} // namespace passway
