#include "face/SearchBatcher.h"

#include "passway/FaceTypes.h"

#include <algorithm>

namespace passway {

std::vector<FaceMatch> SearchBatcher::search(const std::vector<float>& query, std::size_t k, float minScore) {
    Request request{query.data(), k, minScore, {}, false, false};
    std::unique_lock lock(mutex_);
    pending_.push_back(&request);
    while (!request.done) {
        if (scanning_) {
            finished_.wait(lock);
            continue;
        }
        // This caller runs the next scan, for everyone waiting.
        scanning_ = true;
        std::vector<Request*> batch;
        while (!pending_.empty() && batch.size() < maxBatch_) {
            batch.push_back(pending_.front());
            pending_.pop_front();
        }
        lock.unlock();
        std::size_t widest = 0;
        float lowest = 2.0f;
        std::vector<const float*> queries;
        for (const Request* r : batch) {
            widest = std::max(widest, r->k);
            lowest = std::min(lowest, r->minScore);
            queries.push_back(r->query);
        }
        bool failed = false;
        std::vector<std::vector<FaceMatch>> results;
        try {
            results = index_.searchBatch(queries, widest, lowest);
        } catch (...) {
            failed = true;  // each waiter reports it; this thread must still hand the scan on
        }
        lock.lock();
        for (std::size_t i = 0; i < batch.size(); ++i) {
            Request& r = *batch[i];
            r.failed = failed;
            if (!failed) {
                auto& found = results[i];
                found.erase(std::remove_if(found.begin(), found.end(),
                                           [&](const FaceMatch& m) { return m.score < r.minScore; }),
                            found.end());
                if (found.size() > r.k) found.resize(r.k);
                r.result = std::move(found);
            }
            r.done = true;
        }
        ++scans_;
        queries_ += batch.size();
        scanning_ = false;
        finished_.notify_all();
    }
    if (request.failed) throw FaceError(FaceError::Kind::Internal, "internal", "the face index search failed");
    return std::move(request.result);
}

std::uint64_t SearchBatcher::scans() const {
    std::lock_guard lock(mutex_);
    return scans_;
}

std::uint64_t SearchBatcher::queries() const {
    std::lock_guard lock(mutex_);
    return queries_;
}

} // namespace passway
