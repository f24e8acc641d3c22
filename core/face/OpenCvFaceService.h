#pragma once

#include "face/EmbeddingIndex.h"
#include "face/FaceOptions.h"
#include "passway/FaceService.h"
#include "face/ImageDecoder.h"
#include "face/QualityCheck.h"
#include "face/SearchBatcher.h"

#include <memory>
#include <string>

namespace passway {

class FaceWorkerPool;
class Store;

// The FaceService on OpenCV DNN: YuNet + FaceRecognizerSF on a worker pool,
// an exact in-memory EmbeddingIndex, embeddings persisted in the store.
//
// When a model file is missing or does not load, the service is constructed
// anyway and reports itself unavailable with the reason (the host runs on).
// At construction it loads the stored embeddings of its model into the index.
class OpenCvFaceService final : public FaceService {
public:
    // `store` may be null (benchmarks): nothing is persisted or loaded.
    OpenCvFaceService(FaceOptions options, Store* store);
    ~OpenCvFaceService() override;  // stop()
    OpenCvFaceService(const OpenCvFaceService&) = delete;
    OpenCvFaceService& operator=(const OpenCvFaceService&) = delete;

    // Ends the workers; afterwards every call is unavailable. Idempotent.
    void stop();

    bool available() const override;
    std::string status() const override;
    float matchThreshold() const override { return threshold_; }
    std::vector<DetectedFace> detect(const std::string& image) override;
    FaceEnrollment checkEnrollment(const std::string& image) override;
    FaceVerification verify(const std::string& a, const std::string& b) override;
    FaceIdentification identify(const std::string& image, std::size_t topK) override;
    std::vector<FaceMatch> search(const std::vector<float>& embedding, std::size_t topK, float minScore) override;
    float scoreOf(std::uint32_t userId, const std::vector<float>& embedding) override;
    void enroll(std::uint32_t userId, const std::string& photoBlob, const std::vector<float>& embedding) override;
    void forget(std::uint32_t userId) override;
    std::size_t enrolledCount() const override { return index_.size(); }

    // The same checks, for background callers: wait for room in the queue
    // instead of answering busy.
    FaceEnrollment checkEnrollmentWaiting(const std::string& image);
    FaceIdentification identifyWaiting(const std::string& image, std::size_t topK);

    const std::string& modelName() const { return model_.name; }
    const FaceOptions& options() const { return options_; }
    EmbeddingIndex& index() { return index_; }
    const SearchBatcher& batcher() const { return batcher_; }
    std::size_t queued() const;

private:
    void requireAvailable() const;
    void loadIndex();
    FaceEnrollment enrollmentCheck(const std::string& image, bool waitForRoom);
    FaceIdentification identification(const std::string& image, std::size_t topK, bool waitForRoom);
    // Runs `work` on the pool; maps a dropped job to FaceError(Unavailable).
    template <typename Work>
    auto onPool(Work work, bool waitForRoom);

    FaceOptions options_;
    Store* store_;
    FaceModelInfo model_;
    float threshold_;
    ImageDecoder decoder_;
    QualityCheck quality_;
    EmbeddingIndex index_;
    SearchBatcher batcher_;  // identify's searches, shared between concurrent callers
    std::string unavailable_;  // empty: available
    std::unique_ptr<FaceWorkerPool> pool_;
};

} // namespace passway
