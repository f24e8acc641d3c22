#pragma once

#include "store/FaceEmbeddingRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlFaceEmbeddingRepository : public FaceEmbeddingRepository {
public:
    explicit SqlFaceEmbeddingRepository(typename Sql::Database& db) : db_(db) {}

    void save(const FaceEmbedding& embedding) override;
    std::optional<FaceEmbedding> find(std::uint32_t userId) override;
    bool remove(std::uint32_t userId) override;
    std::vector<FaceEmbedding> listAfter(const std::string& model, std::uint32_t afterUserId, int limit) override;
    std::int64_t count() override;

private:
    typename Sql::Database& db_;
};

} // namespace passway
