#pragma once

#include "store/FaceEmbeddingRepository.h"

namespace passway {

class SqliteDatabase;

class SqliteFaceEmbeddingRepository : public FaceEmbeddingRepository {
public:
    explicit SqliteFaceEmbeddingRepository(SqliteDatabase& db) : db_(db) {}

    void save(const FaceEmbedding& embedding) override;
    std::optional<FaceEmbedding> find(std::uint32_t userId) override;
    bool remove(std::uint32_t userId) override;
    std::vector<FaceEmbedding> listAfter(const std::string& model, std::uint32_t afterUserId, int limit) override;
    std::int64_t count() override;

private:
    SqliteDatabase& db_;
};

} // namespace passway
