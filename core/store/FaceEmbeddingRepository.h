#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// The face embedding of one person, computed from `photoBlob` by `model`.
struct FaceEmbedding {
    std::uint32_t userId = 0;
    std::string photoBlob;       // sha256 of the photo it came from
    std::string model;           // recognizer name (FaceModelInfo::name)
    std::vector<float> vector;   // L2-normalized
    std::int64_t updatedAt = 0;  // unix milliseconds
};

// Embeddings persisted with the person (deleted with it), loaded into the
// face index at start.
class FaceEmbeddingRepository {
public:
    virtual ~FaceEmbeddingRepository() = default;

    // Inserts or replaces the person's embedding. Throws StoreError when the
    // person does not exist.
    virtual void save(const FaceEmbedding& embedding) = 0;
    virtual std::optional<FaceEmbedding> find(std::uint32_t userId) = 0;
    virtual bool remove(std::uint32_t userId) = 0;
    // Embeddings of `model` with userId > afterUserId, by userId, at most
    // `limit`: pages through all of them without holding the store for long.
    virtual std::vector<FaceEmbedding> listAfter(const std::string& model, std::uint32_t afterUserId, int limit) = 0;
    virtual std::int64_t count() = 0;
};

} // namespace passway
