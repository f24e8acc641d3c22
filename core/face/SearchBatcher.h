#pragma once

#include "face/EmbeddingIndex.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace passway {

// Lets concurrent searches share scans of the index. A caller that finds no
// scan running starts one at once for every query waiting (so one request
// alone waits for nobody); queries that arrive meanwhile wait and go together
// in the next scan. Under load the matrix is read once per batch instead of
// once per query: a million rows cost one memory pass for up to maxBatch
// requests.
class SearchBatcher {
public:
    explicit SearchBatcher(const EmbeddingIndex& index, std::size_t maxBatch = 64)
        : index_(index), maxBatch_(maxBatch) {}

    std::vector<FaceMatch> search(const std::vector<float>& query, std::size_t k, float minScore);

    std::uint64_t scans() const;    // scans run
    std::uint64_t queries() const;  // queries answered

private:
    struct Request {
        const float* query;
        std::size_t k;
        float minScore;
        std::vector<FaceMatch> result;
        bool done = false;
        bool failed = false;
    };

    const EmbeddingIndex& index_;
    std::size_t maxBatch_;
    mutable std::mutex mutex_;
    std::condition_variable finished_;
    std::deque<Request*> pending_;
    bool scanning_ = false;
    std::uint64_t scans_ = 0, queries_ = 0;
};

} // namespace passway
