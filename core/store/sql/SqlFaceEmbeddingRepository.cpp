#include "store/sql/SqlFaceEmbeddingRepository.h"

#include "store/StoreError.h"
#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"
#include "passway/Clock.h"

#include <cstring>

namespace passway {

namespace {

// float32 in the machine's order; every platform Passway builds for is
// little-endian, which the column comment in db/003 promises.
std::string pack(const std::vector<float>& v) {
    std::string bytes(v.size() * sizeof(float), '\0');
    if (!v.empty()) std::memcpy(bytes.data(), v.data(), bytes.size());
    return bytes;
}

template <typename Statement>
FaceEmbedding readRow(const Statement& row) {
    FaceEmbedding e;
    e.userId = static_cast<std::uint32_t>(row.int64(0));
    e.photoBlob = row.text(1);
    e.model = row.text(2);
    const auto dim = static_cast<std::size_t>(row.int64(3));
    const std::string bytes = row.blob(4);
    if (bytes.size() != dim * sizeof(float)) {
        throw StoreError("face embedding of person " + std::to_string(e.userId) + " is damaged (" +
                         std::to_string(bytes.size()) + " bytes for " + std::to_string(dim) + " floats)");
    }
    e.vector.resize(dim);
    std::memcpy(e.vector.data(), bytes.data(), bytes.size());
    e.updatedAt = row.int64(5);
    return e;
}

constexpr const char* kColumns = "SELECT user_id, photo_blob, model, dim, vector, updated_at FROM face_embeddings ";

} // namespace

template <typename Sql>
void SqlFaceEmbeddingRepository<Sql>::save(const FaceEmbedding& e) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO face_embeddings (user_id, photo_blob, model, dim, vector, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET photo_blob = excluded.photo_blob, "
                "model = excluded.model, dim = excluded.dim, vector = excluded.vector, updated_at = excluded.updated_at")
        .bindAll(e.userId, e.photoBlob, e.model, static_cast<std::int64_t>(e.vector.size()))
        .bindBlob(5, pack(e.vector))
        .bind(6, e.updatedAt ? e.updatedAt : nowMillis())
        .run();
}

template <typename Sql>
std::optional<FaceEmbedding> SqlFaceEmbeddingRepository<Sql>::find(std::uint32_t userId) {
    auto lock = db_.lock();
    auto row = db_.prepare(std::string(kColumns) + "WHERE user_id = ?");
    row.bind(1, userId);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
bool SqlFaceEmbeddingRepository<Sql>::remove(std::uint32_t userId) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM face_embeddings WHERE user_id = ?").bind(1, userId).run();
    return db_.changes() > 0;
}

template <typename Sql>
std::vector<FaceEmbedding> SqlFaceEmbeddingRepository<Sql>::listAfter(const std::string& model, std::uint32_t afterUserId,
                                                                    int limit) {
    auto lock = db_.lock();
    auto row = db_.prepare(std::string(kColumns) + "WHERE model = ? AND user_id > ? ORDER BY user_id LIMIT ?");
    row.bindAll(model, afterUserId, limit);
    std::vector<FaceEmbedding> page;
    while (row.step()) page.push_back(readRow(row));
    return page;
}

template <typename Sql>
std::int64_t SqlFaceEmbeddingRepository<Sql>::count() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM face_embeddings");
    row.step();
    return row.int64(0);
}

template class SqlFaceEmbeddingRepository<SqliteDialect>;
template class SqlFaceEmbeddingRepository<PgDialect>;

} // namespace passway
