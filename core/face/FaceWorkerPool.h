#pragma once

#include "face/FaceDetector.h"
#include "face/FaceEmbedder.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace passway {

// The networks one worker owns: neither OpenCV object may be shared between
// threads that run at the same time.
struct FaceNetworks {
    FaceDetector detector;
    FaceEmbedder embedder;
};

// The face service's own threads: a bounded queue of jobs and one worker per
// set of networks. Callers queue a job and wait for its future, so inference
// never runs on an HTTP or event thread. A full queue answers at once with
// FaceError(Busy) (interactive callers), or makes a background caller wait
// for room.
class FaceWorkerPool {
public:
    using Job = std::function<void(FaceNetworks&)>;

    FaceWorkerPool(std::vector<std::unique_ptr<FaceNetworks>> networks, std::size_t capacity);
    ~FaceWorkerPool();  // stop()
    FaceWorkerPool(const FaceWorkerPool&) = delete;
    FaceWorkerPool& operator=(const FaceWorkerPool&) = delete;

    // Runs `work` on a worker and returns its result (or rethrows its exception).
    template <typename Work>
    auto run(Work work, bool waitForRoom = false) -> decltype(work(std::declval<FaceNetworks&>())) {
        using Result = decltype(work(std::declval<FaceNetworks&>()));
        auto promise = std::make_shared<std::promise<Result>>();
        auto future = promise->get_future();
        submit(
            [promise, work = std::move(work)](FaceNetworks& nets) mutable {
                try {
                    if constexpr (std::is_void_v<Result>) {
                        work(nets);
                        promise->set_value();
                    } else {
                        promise->set_value(work(nets));
                    }
                } catch (...) {
                    promise->set_exception(std::current_exception());
                }
            },
            waitForRoom);
        return future.get();
    }

    // Queues a job; throws FaceError(Busy) when full and !waitForRoom, and
    // FaceError(Unavailable) once stopping.
    void submit(Job job, bool waitForRoom = false);
    // Refuses new jobs, fails the queued ones (their futures throw), waits
    // for the running ones, joins the workers. Idempotent.
    void stop();

    std::size_t queued() const;
    std::size_t workers() const { return threads_.size(); }
    std::size_t capacity() const { return capacity_; }

private:
    void work(FaceNetworks& networks);

    std::vector<std::unique_ptr<FaceNetworks>> networks_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;   // a job arrived, or stopping
    std::condition_variable room_;    // a job left the queue
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace passway
