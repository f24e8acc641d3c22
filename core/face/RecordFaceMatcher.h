#pragma once

#include <atomic>
#include <cstdint>

namespace passway {

class BlobStore;
class EventBus;
class OpenCvFaceService;

// Identifies the photo of each new record in the background (after the
// terminal has its answer) and publishes what it found:
//  - `face.matched` {recordId, deviceId, userId, score, claimedUserId}: the
//    face belongs to an enrolled person (the claimed one, or anyone when the
//    terminal claimed nobody);
//  - `record.suspect` {recordId, deviceId, claimedUserId, matchedUserId,
//    score, reason}: the terminal claimed a person, but the photo shows no
//    face, or a face that is not that person's.
// A claim of a person who has no enrolled face is not judged.
class RecordFaceMatcher {
public:
    RecordFaceMatcher(OpenCvFaceService& face, BlobStore& blobs, EventBus& bus);
    ~RecordFaceMatcher();  // stop()

    void start();  // no-op when the face service is unavailable
    void stop();

    std::uint64_t matched() const { return matched_.load(); }
    std::uint64_t suspect() const { return suspect_.load(); }

private:
    void handle(const std::string& payloadJson);

    OpenCvFaceService& face_;
    BlobStore& blobs_;
    EventBus& bus_;
    std::uint64_t subscription_ = 0;
    std::atomic<std::uint64_t> matched_{0};
    std::atomic<std::uint64_t> suspect_{0};
};

} // namespace passway
