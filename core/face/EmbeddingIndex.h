#pragma once

#include "passway/FaceTypes.h"

#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace passway {

// All enrolled embeddings in one contiguous row-major float matrix, searched
// exactly by dot product (the rows are L2-normalized, so that is the cosine).
// 128-d floats are 512 bytes a person: a million fit in half a gigabyte and
// one scan of them is memory-bound, so a large scan is split across threads.
//
// From `quantizeFrom` rows on, a search first scans an int8 copy of the
// matrix (a quarter of the bytes) for the best `rerank` candidates and then
// scores those exactly with the floats; bench/face measures its recall
// against the exact scan. Updates take a writer lock; searches share a
// reader lock.
class EmbeddingIndex {
public:
    struct Options {
        int threads = 2;                    // threads sharing one scan
        std::size_t parallelFrom = 32768;   // rows below this are scanned by the caller alone
        bool quantize = true;               // keep the int8 copy
        std::size_t quantizeFrom = 100000;  // rows from which searches use it
        std::size_t rerank = 64;            // candidates the int8 pass hands to the exact one
    };

    explicit EmbeddingIndex(std::size_t dim);
    EmbeddingIndex(std::size_t dim, Options options);

    // Adds or replaces the row of `id`. `v` has dim() floats, L2-normalized.
    void upsert(std::uint32_t id, const float* v);
    bool remove(std::uint32_t id);
    bool contains(std::uint32_t id) const;
    void reserve(std::size_t rows);
    void clear();

    std::size_t size() const;
    std::size_t dim() const { return dim_; }
    // Bytes held by the matrices and the id tables.
    std::size_t memoryBytes() const;

    // Best `k` rows with a score >= minScore, best first.
    std::vector<FaceMatch> search(const float* query, std::size_t k, float minScore) const;
    // Several queries in one pass over the matrix: each block of rows comes
    // from memory once for all of them, so a batch costs little more than one
    // query (a single scan of a million rows is memory-bound). Result i
    // belongs to queries[i].
    std::vector<std::vector<FaceMatch>> searchBatch(const std::vector<const float*>& queries, std::size_t k,
                                                    float minScore) const;
    // The same, always by the exact float scan (the reference for recall).
    std::vector<FaceMatch> searchExact(const float* query, std::size_t k, float minScore) const;
    // The score of one row; -2 when `id` is not in the index.
    float scoreOf(std::uint32_t id, const float* query) const;

private:
    using Candidates = std::vector<FaceMatch>;

    void quantizeRow(const float* v, std::int8_t* codes, float& scale) const;
    // Scans rows [begin, end) into the best `k` of them, in a min-heap.
    void scanFloat(const float* query, std::size_t begin, std::size_t end, std::size_t k, Candidates& best) const;
    // Runs `scan(begin, end, best)` over all rows on up to options_.threads threads; merges.
    template <typename Scan>
    Candidates scanAll(std::size_t k, Scan scan) const;
    // How many parts a scan of all rows is split into.
    std::size_t parts() const;

    std::size_t dim_;
    Options options_;
    mutable std::shared_mutex mutex_;
    std::vector<float> rows_;          // size() * dim_
    std::vector<std::int8_t> codes_;   // size() * dim_ when quantizing
    std::vector<float> scales_;        // one per row: value = code * scale
    std::vector<std::uint32_t> ids_;   // row -> id
    std::unordered_map<std::uint32_t, std::size_t> rowOf_;
};

} // namespace passway
