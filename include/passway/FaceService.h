#pragma once

#include "passway/FaceTypes.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace passway {

// Detect, check, embed, compare and search faces: the one face service of the
// host, used by the admin API, the background record matcher and plugins.
//
// Every call that runs a network queues it on the service's own worker pool
// and waits for the result, so the caller's thread (an HTTP worker, an event
// subscriber) never runs inference itself. When the queue is full the call
// throws FaceError(Busy) at once instead of waiting. Images are JPEG or PNG
// bytes. Every method is safe to call from any thread; every failure is a
// FaceError.
class FaceService {
public:
    virtual ~FaceService() = default;

    // False when the models are missing or failed to load; then every call
    // below except status(), enrolledCount() and forget() throws
    // FaceError(Unavailable) with the reason.
    virtual bool available() const = 0;
    // "ok", or why the service is unavailable (names the missing file).
    virtual std::string status() const = 0;
    // Cosine similarity at or above which two faces are the same person.
    virtual float matchThreshold() const = 0;

    // All faces, largest first.
    virtual std::vector<DetectedFace> detect(const std::string& image) = 0;
    // The enrollment quality check: exactly one face, big enough, clear,
    // sharp and roughly frontal. Throws FaceError(Rejected) with the reason.
    virtual FaceEnrollment checkEnrollment(const std::string& image) = 0;
    // The largest face of each image, compared.
    virtual FaceVerification verify(const std::string& a, const std::string& b) = 0;
    // The largest face of the image against every enrolled person: at most
    // topK matches at or above the threshold. Throws Rejected(no_face).
    virtual FaceIdentification identify(const std::string& image, std::size_t topK) = 0;
    // Search with an embedding already computed (minScore: -1 for all).
    virtual std::vector<FaceMatch> search(const std::vector<float>& embedding, std::size_t topK, float minScore) = 0;
    // Similarity of the embedding to one enrolled person; nullopt-like -2 when not enrolled.
    virtual float scoreOf(std::uint32_t userId, const std::vector<float>& embedding) = 0;

    // Stores the person's embedding (with the photo it came from) and adds it
    // to the index, replacing an earlier one.
    virtual void enroll(std::uint32_t userId, const std::string& photoBlob, const std::vector<float>& embedding) = 0;
    // Removes the person's embedding from the store and the index (no-op if none).
    virtual void forget(std::uint32_t userId) = 0;
    virtual std::size_t enrolledCount() const = 0;
};

} // namespace passway
