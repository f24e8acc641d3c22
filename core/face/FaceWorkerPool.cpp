#include "face/FaceWorkerPool.h"

#include "passway/FaceTypes.h"

namespace passway {

namespace {

FaceError stoppingError() {
    return FaceError(FaceError::Kind::Unavailable, "face_unavailable", "the face service is shutting down");
}

} // namespace

FaceWorkerPool::FaceWorkerPool(std::vector<std::unique_ptr<FaceNetworks>> networks, std::size_t capacity)
    : networks_(std::move(networks)), capacity_(std::max<std::size_t>(1, capacity)) {
    for (auto& nets : networks_) {
        FaceNetworks* own = nets.get();
        threads_.emplace_back([this, own] { work(*own); });
    }
}

FaceWorkerPool::~FaceWorkerPool() { stop(); }

void FaceWorkerPool::submit(Job job, bool waitForRoom) {
    std::unique_lock lock(mutex_);
    if (waitForRoom) room_.wait(lock, [&] { return stopping_ || jobs_.size() < capacity_; });
    if (stopping_) throw stoppingError();
    if (jobs_.size() >= capacity_) {
        throw FaceError(FaceError::Kind::Busy, "busy",
                        "the face service is busy (" + std::to_string(capacity_) + " requests waiting); try again shortly");
    }
    jobs_.push_back(std::move(job));
    ready_.notify_one();
}

void FaceWorkerPool::work(FaceNetworks& networks) {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping and drained
            job = std::move(jobs_.front());
            jobs_.pop_front();
            room_.notify_one();
        }
        job(networks);  // run() wraps every job so that it never throws
    }
}

void FaceWorkerPool::stop() {
    std::deque<Job> dropped;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        dropped.swap(jobs_);
    }
    ready_.notify_all();
    room_.notify_all();
    // A dropped job's promise is destroyed unset: its caller's future throws
    // broken_promise, which the service reports as unavailable.
    dropped.clear();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

std::size_t FaceWorkerPool::queued() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
}

} // namespace passway
