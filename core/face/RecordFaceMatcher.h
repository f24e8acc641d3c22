#pragma once

#include "journal/JournalConsumer.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace passway {

class BlobStore;
class EventBus;
class EventJournal;
class JournalSubscriber;
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
//
// With a journal it reads `record.created` as the durable subscriber
// "face-records": a burst delays identification, never skips it, and a
// restart continues where it stopped (at least once: a record handled just
// before a crash may be judged, and its event published, twice).
class RecordFaceMatcher final : private JournalConsumer {
public:
    RecordFaceMatcher(OpenCvFaceService& face, BlobStore& blobs, EventBus& bus, EventJournal* journal = nullptr);
    ~RecordFaceMatcher();  // stop()

    void start();  // no-op when the face service is unavailable
    void stop();

    std::uint64_t matched() const { return matched_.load(); }
    std::uint64_t suspect() const { return suspect_.load(); }

private:
    bool wants(const std::string& topic) const override;
    Outcome handle(const Event& event, std::string& error) override;
    void handle(const std::string& payloadJson);

    OpenCvFaceService& face_;
    BlobStore& blobs_;
    EventBus& bus_;
    EventJournal* journal_;
    std::unique_ptr<JournalSubscriber> subscriber_;
    std::uint64_t subscription_ = 0;
    std::atomic<std::uint64_t> matched_{0};
    std::atomic<std::uint64_t> suspect_{0};
};

} // namespace passway
