#pragma once

#include "store/FaceEmbeddingRepository.h"

namespace passway {

class PgDatabase;

class PgFaceEmbeddingRepository : public FaceEmbeddingRepository {
public:
    explicit PgFaceEmbeddingRepository(PgDatabase& db) : db_(db) {}

    void save(const FaceEmbedding& embedding) override;
    std::optional<FaceEmbedding> find(std::uint32_t userId) override;
    bool remove(std::uint32_t userId) override;
    std::vector<FaceEmbedding> listAfter(const std::string& model, std::uint32_t afterUserId, int limit) override;
    std::int64_t count() override;

private:
    PgDatabase& db_;
};

} // namespace passway
