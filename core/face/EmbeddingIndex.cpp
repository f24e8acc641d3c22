#include "face/EmbeddingIndex.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace passway {

namespace {

// Min-heap on score: the worst of the best k is at the front, so a row that
// does not beat it costs one comparison.
bool heapOrder(const FaceMatch& a, const FaceMatch& b) { return a.score > b.score; }

void offer(std::vector<FaceMatch>& best, std::size_t k, std::uint32_t id, float score) {
    if (best.size() < k) {
        best.push_back({id, score});
        std::push_heap(best.begin(), best.end(), heapOrder);
    } else if (score > best.front().score) {
        std::pop_heap(best.begin(), best.end(), heapOrder);
        best.back() = {id, score};
        std::push_heap(best.begin(), best.end(), heapOrder);
    }
}

// The kernels are compiled twice, for x86-64-v3 (AVX2 + FMA) and for the x86-64 baseline, and
// the loader picks one for the CPU at hand: a Debian package must run on any
// amd64 machine.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PASSWAY_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define PASSWAY_KERNEL
#endif

PASSWAY_KERNEL
void dotFloat(const float* query, const float* rows, std::size_t count, std::size_t dim, float* out) {
    for (std::size_t r = 0; r < count; ++r) {
        const float* row = rows + r * dim;
        float sum = 0;
        for (std::size_t i = 0; i < dim; ++i) sum += query[i] * row[i];
        out[r] = sum;
    }
}

PASSWAY_KERNEL
void dotCodes(const std::int8_t* query, const std::int8_t* rows, std::size_t count, std::size_t dim, std::int32_t* out) {
    for (std::size_t r = 0; r < count; ++r) {
        const std::int8_t* row = rows + r * dim;
        std::int32_t sum = 0;
        for (std::size_t i = 0; i < dim; ++i) sum += std::int16_t(query[i]) * std::int16_t(row[i]);
        out[r] = sum;
    }
}

constexpr std::size_t kBlock = 256;  // rows scored per kernel call, then offered to the heap

} // namespace

EmbeddingIndex::EmbeddingIndex(std::size_t dim) : EmbeddingIndex(dim, Options{}) {}

EmbeddingIndex::EmbeddingIndex(std::size_t dim, Options options) : dim_(dim), options_(options) {
    if (dim_ == 0) throw std::invalid_argument("an embedding index needs a dimension");
    options_.threads = std::max(1, options_.threads);
}

void EmbeddingIndex::quantizeRow(const float* v, std::int8_t* codes, float& scale) const {
    float maxAbs = 0;
    for (std::size_t i = 0; i < dim_; ++i) maxAbs = std::max(maxAbs, std::fabs(v[i]));
    scale = maxAbs > 0 ? maxAbs / 127.0f : 1.0f;
    for (std::size_t i = 0; i < dim_; ++i) codes[i] = static_cast<std::int8_t>(std::lround(v[i] / scale));
}

void EmbeddingIndex::upsert(std::uint32_t id, const float* v) {
    std::unique_lock lock(mutex_);
    std::size_t row;
    const auto found = rowOf_.find(id);
    if (found != rowOf_.end()) {
        row = found->second;
    } else {
        row = ids_.size();
        ids_.push_back(id);
        rows_.resize(rows_.size() + dim_);
        if (options_.quantize) {
            codes_.resize(codes_.size() + dim_);
            scales_.push_back(1.0f);
        }
        rowOf_.emplace(id, row);
    }
    std::memcpy(rows_.data() + row * dim_, v, dim_ * sizeof(float));
    if (options_.quantize) quantizeRow(v, codes_.data() + row * dim_, scales_[row]);
}

bool EmbeddingIndex::remove(std::uint32_t id) {
    std::unique_lock lock(mutex_);
    const auto found = rowOf_.find(id);
    if (found == rowOf_.end()) return false;
    // The last row moves into the hole: the matrix stays contiguous.
    const std::size_t row = found->second, last = ids_.size() - 1;
    if (row != last) {
        std::memcpy(rows_.data() + row * dim_, rows_.data() + last * dim_, dim_ * sizeof(float));
        if (options_.quantize) {
            std::memcpy(codes_.data() + row * dim_, codes_.data() + last * dim_, dim_);
            scales_[row] = scales_[last];
        }
        ids_[row] = ids_[last];
        rowOf_[ids_[row]] = row;
    }
    rowOf_.erase(found);
    ids_.pop_back();
    rows_.resize(rows_.size() - dim_);
    if (options_.quantize) {
        codes_.resize(codes_.size() - dim_);
        scales_.pop_back();
    }
    return true;
}

bool EmbeddingIndex::contains(std::uint32_t id) const {
    std::shared_lock lock(mutex_);
    return rowOf_.count(id) != 0;
}

void EmbeddingIndex::reserve(std::size_t rows) {
    std::unique_lock lock(mutex_);
    rows_.reserve(rows * dim_);
    ids_.reserve(rows);
    rowOf_.reserve(rows);
    if (options_.quantize) {
        codes_.reserve(rows * dim_);
        scales_.reserve(rows);
    }
}

void EmbeddingIndex::clear() {
    std::unique_lock lock(mutex_);
    rows_.clear();
    codes_.clear();
    scales_.clear();
    ids_.clear();
    rowOf_.clear();
}

std::size_t EmbeddingIndex::size() const {
    std::shared_lock lock(mutex_);
    return ids_.size();
}

std::size_t EmbeddingIndex::memoryBytes() const {
    std::shared_lock lock(mutex_);
    // An unordered_map node holds the pair, a next pointer and the cached
    // hash; the bucket array one pointer per bucket.
    const std::size_t mapBytes = rowOf_.size() * (sizeof(std::pair<const std::uint32_t, std::size_t>) + 2 * sizeof(void*)) +
                                 rowOf_.bucket_count() * sizeof(void*);
    return rows_.capacity() * sizeof(float) + codes_.capacity() + scales_.capacity() * sizeof(float) +
           ids_.capacity() * sizeof(std::uint32_t) + mapBytes;
}

void EmbeddingIndex::scanFloat(const float* query, std::size_t begin, std::size_t end, std::size_t k,
                               Candidates& best) const {
    float scores[kBlock];
    for (std::size_t at = begin; at < end; at += kBlock) {
        const std::size_t n = std::min(kBlock, end - at);
        dotFloat(query, rows_.data() + at * dim_, n, dim_, scores);
        for (std::size_t i = 0; i < n; ++i) offer(best, k, ids_[at + i], scores[i]);
    }
}

std::size_t EmbeddingIndex::parts() const {
    const std::size_t rows = ids_.size();
    if (rows < options_.parallelFrom) return 1;
    return std::max<std::size_t>(1, std::min<std::size_t>(options_.threads, rows / (options_.parallelFrom / 2)));
}

template <typename Scan>
EmbeddingIndex::Candidates EmbeddingIndex::scanAll(std::size_t k, Scan scan) const {
    const std::size_t rows = ids_.size();
    std::vector<Candidates> partial(parts());
    const std::size_t step = (rows + partial.size() - 1) / partial.size();
    std::vector<std::thread> helpers;
    for (std::size_t p = 1; p < partial.size(); ++p) {
        helpers.emplace_back([&, p] { scan(std::min(rows, p * step), std::min(rows, (p + 1) * step), partial[p]); });
    }
    scan(0, std::min(rows, step), partial[0]);
    for (auto& t : helpers) t.join();
    Candidates merged;
    for (auto& part : partial) {
        for (const auto& c : part) offer(merged, k, c.userId, c.score);
    }
    return merged;
}

std::vector<FaceMatch> EmbeddingIndex::searchExact(const float* query, std::size_t k, float minScore) const {
    std::shared_lock lock(mutex_);
    if (k == 0 || ids_.empty()) return {};
    Candidates best = scanAll(k, [&](std::size_t b, std::size_t e, Candidates& out) { scanFloat(query, b, e, k, out); });
    std::sort(best.begin(), best.end(), heapOrder);
    best.erase(std::remove_if(best.begin(), best.end(), [&](const FaceMatch& m) { return m.score < minScore; }),
               best.end());
    return best;
}

std::vector<FaceMatch> EmbeddingIndex::search(const float* query, std::size_t k, float minScore) const {
    return std::move(searchBatch({query}, k, minScore).front());
}

std::vector<std::vector<FaceMatch>> EmbeddingIndex::searchBatch(const std::vector<const float*>& queries, std::size_t k,
                                                                float minScore) const {
    std::shared_lock lock(mutex_);
    const std::size_t nq = queries.size(), rows = ids_.size();
    std::vector<Candidates> results(nq);
    if (k == 0 || rows == 0 || nq == 0) return results;
    const bool coarse = options_.quantize && rows >= options_.quantizeFrom;
    const std::size_t wide = coarse ? std::max(options_.rerank, k * 4) : k;
    std::vector<std::int8_t> codes(coarse ? nq * dim_ : 0);
    std::vector<float> scales(nq, 1.0f);
    for (std::size_t q = 0; coarse && q < nq; ++q) quantizeRow(queries[q], codes.data() + q * dim_, scales[q]);

    // partial[part][query]: the best of that part's rows for that query.
    // Coarse candidates carry their row, exact ones their id.
    std::vector<std::vector<Candidates>> partial(parts(), std::vector<Candidates>(nq));
    const std::size_t step = (rows + partial.size() - 1) / partial.size();
    auto scanPart = [&](std::size_t part) {
        const std::size_t begin = std::min(rows, part * step), end = std::min(rows, (part + 1) * step);
        auto& best = partial[part];
        float scores[kBlock];
        std::int32_t dots[kBlock];
        for (std::size_t at = begin; at < end; at += kBlock) {
            const std::size_t n = std::min(kBlock, end - at);
            for (std::size_t q = 0; q < nq; ++q) {
                if (coarse) {
                    dotCodes(codes.data() + q * dim_, codes_.data() + at * dim_, n, dim_, dots);
                    for (std::size_t i = 0; i < n; ++i) {
                        offer(best[q], wide, static_cast<std::uint32_t>(at + i), float(dots[i]) * scales_[at + i] * scales[q]);
                    }
                } else {
                    dotFloat(queries[q], rows_.data() + at * dim_, n, dim_, scores);
                    for (std::size_t i = 0; i < n; ++i) offer(best[q], k, ids_[at + i], scores[i]);
                }
            }
        }
    };
    std::vector<std::thread> helpers;
    for (std::size_t p = 1; p < partial.size(); ++p) helpers.emplace_back(scanPart, p);
    scanPart(0);
    for (auto& t : helpers) t.join();

    for (std::size_t q = 0; q < nq; ++q) {
        Candidates merged;
        for (auto& part : partial) {
            for (const auto& c : part[q]) offer(merged, wide, c.userId, c.score);
        }
        if (coarse) {
            Candidates exact;
            for (const auto& c : merged) {
                float score = 0;
                dotFloat(queries[q], rows_.data() + std::size_t(c.userId) * dim_, 1, dim_, &score);
                offer(exact, k, ids_[c.userId], score);
            }
            merged.swap(exact);
        }
        std::sort(merged.begin(), merged.end(), heapOrder);
        merged.erase(std::remove_if(merged.begin(), merged.end(), [&](const FaceMatch& m) { return m.score < minScore; }),
                     merged.end());
        results[q] = std::move(merged);
    }
    return results;
}

float EmbeddingIndex::scoreOf(std::uint32_t id, const float* query) const {
    std::shared_lock lock(mutex_);
    const auto found = rowOf_.find(id);
    if (found == rowOf_.end()) return -2.0f;
    float score = 0;
    dotFloat(query, rows_.data() + found->second * dim_, 1, dim_, &score);
    return score;
}

} // namespace passway
