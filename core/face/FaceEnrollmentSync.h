#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace passway {

class BlobStore;
class EventBus;
class OpenCvFaceService;
class Store;

// Keeps the face index in step with the persons: on `person.changed` a
// removed person or photo drops the embedding, and a photo the index does not
// know (set by a plugin, a CSV import, or while the face service was down)
// gets its embedding computed in the background. At start one pass does the
// same for every person with a photo, so a change of recognizer model or
// photos enrolled before the models were installed are caught up.
//
// The admin API's photo upload stores the embedding itself before it
// publishes, so its event finds nothing to do.
class FaceEnrollmentSync {
public:
    FaceEnrollmentSync(OpenCvFaceService& face, Store& store, BlobStore& blobs, EventBus& bus);
    ~FaceEnrollmentSync();  // stop()

    // Subscribes and starts the catch-up pass (no-op when the service is unavailable).
    void start();
    void stop();

    // Brings one person's embedding up to date; true when it changed. Public for tests.
    bool reconcile(std::uint32_t userId);
    std::uint64_t computed() const { return computed_.load(); }

private:
    void catchUp();

    OpenCvFaceService& face_;
    Store& store_;
    BlobStore& blobs_;
    EventBus& bus_;
    std::uint64_t subscription_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> computed_{0};
    std::thread catchUp_;
};

} // namespace passway
