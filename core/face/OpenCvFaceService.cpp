#include "face/OpenCvFaceService.h"

#include "face/FaceWorkerPool.h"
#include "store/Store.h"

#include <Poco/File.h>
#include <Poco/Logger.h>

#include <opencv2/core.hpp>

#include <future>

namespace passway {

namespace {

constexpr std::size_t kDim = 128;

Poco::Logger& log() { return Poco::Logger::get("face"); }

FaceError noFace() { return FaceError(FaceError::Kind::Rejected, "no_face", "no face was found in the image"); }

std::string missingModel(const std::string& what, const std::string& path) {
    return "the " + what + " model " + path +
           " is missing (copy it there, set face." + (what == "detector" ? "detector" : "recognizer") +
           ", or run packaging/fetch-models.sh)";
}

EmbeddingIndex::Options indexOptions(const FaceOptions& o) {
    EmbeddingIndex::Options options;
    options.threads = o.searchThreads;
    return options;
}

} // namespace

OpenCvFaceService::OpenCvFaceService(FaceOptions options, Store* store)
    : options_(std::move(options)),
      store_(store),
      model_(describeRecognizer(options_.recognizerPath)),
      threshold_(options_.matchThreshold > 0 ? options_.matchThreshold : model_.defaultThreshold),
      decoder_(options_.maxImagePixels),
      quality_(options_),
      index_(kDim, indexOptions(options_)),
      batcher_(index_) {
    if (!Poco::File(options_.detectorPath).exists()) {
        unavailable_ = missingModel("detector", options_.detectorPath);
    } else if (!Poco::File(options_.recognizerPath).exists()) {
        unavailable_ = missingModel("recognizer", options_.recognizerPath);
    }
    if (unavailable_.empty()) {
        try {
            // One network per worker; inter-request parallelism instead of
            // OpenCV's own threads, which would fight over the same cores.
            cv::setNumThreads(1);
            std::vector<std::unique_ptr<FaceNetworks>> networks;
            for (int i = 0; i < options_.workers; ++i) {
                networks.push_back(std::make_unique<FaceNetworks>(FaceNetworks{
                    FaceDetector(options_.detectorPath, options_.detectMaxSide, options_.detectScore),
                    FaceEmbedder(options_.recognizerPath)}));
            }
            // Probe: a recognizer that does not give 128 floats is not one we can index.
            const cv::Mat probe(112, 112, CV_8UC3, cv::Scalar(128, 128, 128));
            const auto embedding = networks.front()->embedder.embed(probe);
            if (embedding.size() != kDim) {
                throw std::runtime_error("the recognizer gives " + std::to_string(embedding.size()) +
                                         " values, 128 are needed");
            }
            pool_ = std::make_unique<FaceWorkerPool>(std::move(networks), options_.queue);
        } catch (const std::exception& e) {
            unavailable_ = std::string("the face models cannot be loaded: ") + e.what();
        }
    }
    if (!unavailable_.empty()) {
        log().warning("face service unavailable: " + unavailable_);
        return;
    }
    loadIndex();
    log().information("face service ready: " + model_.name + ", threshold " + std::to_string(threshold_) + ", " +
                      std::to_string(options_.workers) + " workers, " + std::to_string(index_.size()) +
                      " persons enrolled");
}

OpenCvFaceService::~OpenCvFaceService() { stop(); }

void OpenCvFaceService::stop() {
    if (pool_) pool_->stop();
}

void OpenCvFaceService::loadIndex() {
    if (!store_) return;
    auto& repository = store_->faceEmbeddings();
    index_.reserve(static_cast<std::size_t>(repository.count()));
    std::uint32_t after = 0;
    for (;;) {
        const auto page = repository.listAfter(model_.name, after, 5000);
        for (const auto& e : page) {
            if (e.vector.size() == kDim) index_.upsert(e.userId, e.vector.data());
        }
        if (page.size() < 5000) break;
        after = page.back().userId;
    }
}

bool OpenCvFaceService::available() const { return unavailable_.empty() && pool_; }

std::string OpenCvFaceService::status() const { return available() ? "ok" : unavailable_; }

void OpenCvFaceService::requireAvailable() const {
    if (!available()) throw FaceError(FaceError::Kind::Unavailable, "face_unavailable", "face service unavailable: " + unavailable_);
}

std::size_t OpenCvFaceService::queued() const { return pool_ ? pool_->queued() : 0; }

template <typename Work>
auto OpenCvFaceService::onPool(Work work, bool waitForRoom) {
    requireAvailable();
    try {
        return pool_->run(std::move(work), waitForRoom);
    } catch (const FaceError&) {
        throw;
    } catch (const std::future_error&) {
        throw FaceError(FaceError::Kind::Unavailable, "face_unavailable", "the face service is shutting down");
    } catch (const cv::Exception& e) {
        log().error(std::string("OpenCV failed: ") + e.what());
        throw FaceError(FaceError::Kind::Internal, "internal", "face inference failed");
    }
}

std::vector<DetectedFace> OpenCvFaceService::detect(const std::string& image) {
    return onPool([this, &image](FaceNetworks& nets) { return nets.detector.detect(decoder_.decode(image)); }, false);
}

FaceEnrollment OpenCvFaceService::enrollmentCheck(const std::string& image, bool waitForRoom) {
    return onPool(
        [this, &image](FaceNetworks& nets) {
            const cv::Mat bgr = decoder_.decode(image);
            const auto faces = nets.detector.detect(bgr);
            FaceEnrollment result;
            result.face = quality_.selectFace(faces);
            const cv::Mat aligned = nets.embedder.align(bgr, result.face);
            result.sharpness = quality_.checkSharpness(aligned);
            result.embedding = nets.embedder.embed(aligned);
            return result;
        },
        waitForRoom);
}

FaceEnrollment OpenCvFaceService::checkEnrollment(const std::string& image) { return enrollmentCheck(image, false); }

FaceEnrollment OpenCvFaceService::checkEnrollmentWaiting(const std::string& image) {
    return enrollmentCheck(image, true);
}

FaceVerification OpenCvFaceService::verify(const std::string& a, const std::string& b) {
    return onPool(
        [this, &a, &b](FaceNetworks& nets) {
            FaceVerification result;
            std::vector<float> embeddings[2];
            DetectedFace* faces[2] = {&result.a, &result.b};
            const std::string* images[2] = {&a, &b};
            for (int i = 0; i < 2; ++i) {
                const std::string subject = i == 0 ? "a" : "b";
                cv::Mat bgr;
                try {
                    bgr = decoder_.decode(*images[i]);
                } catch (const FaceError& e) {
                    throw FaceError(e.kind(), e.code(), std::string(e.what()) + " (image " + subject + ")", subject);
                }
                const auto found = nets.detector.detect(bgr);
                if (found.empty()) {
                    throw FaceError(FaceError::Kind::Rejected, "no_face", "no face was found in image " + subject,
                                    subject);
                }
                *faces[i] = found.front();
                embeddings[i] = nets.embedder.embed(nets.embedder.align(bgr, found.front()));
            }
            result.score = FaceEmbedder::cosine(embeddings[0], embeddings[1]);
            result.same = result.score >= threshold_;
            return result;
        },
        false);
}

FaceIdentification OpenCvFaceService::identification(const std::string& image, std::size_t topK, bool waitForRoom) {
    FaceIdentification result = onPool(
        [this, &image](FaceNetworks& nets) {
            const cv::Mat bgr = decoder_.decode(image);
            const auto faces = nets.detector.detect(bgr);
            if (faces.empty()) throw noFace();
            FaceIdentification found;
            found.face = faces.front();
            found.embedding = nets.embedder.embed(nets.embedder.align(bgr, found.face));
            return found;
        },
        waitForRoom);
    // The search runs after the worker is free again, batched with the
    // searches of other callers: under load one pass over the index answers
    // many of them, and the networks never wait for a scan.
    result.matches = batcher_.search(result.embedding, topK, threshold_);
    return result;
}

FaceIdentification OpenCvFaceService::identify(const std::string& image, std::size_t topK) {
    return identification(image, topK, false);
}

FaceIdentification OpenCvFaceService::identifyWaiting(const std::string& image, std::size_t topK) {
    return identification(image, topK, true);
}

std::vector<FaceMatch> OpenCvFaceService::search(const std::vector<float>& embedding, std::size_t topK, float minScore) {
    requireAvailable();
    if (embedding.size() != kDim) {
        throw FaceError(FaceError::Kind::BadImage, "bad_embedding", "an embedding has 128 values");
    }
    return index_.search(embedding.data(), topK, minScore);
}

float OpenCvFaceService::scoreOf(std::uint32_t userId, const std::vector<float>& embedding) {
    if (embedding.size() != kDim) return -2.0f;
    return index_.scoreOf(userId, embedding.data());
}

void OpenCvFaceService::enroll(std::uint32_t userId, const std::string& photoBlob, const std::vector<float>& embedding) {
    requireAvailable();
    if (embedding.size() != kDim) {
        throw FaceError(FaceError::Kind::BadImage, "bad_embedding", "an embedding has 128 values");
    }
    // Store first: the index never holds what a restart would lose.
    if (store_) store_->faceEmbeddings().save(FaceEmbedding{userId, photoBlob, model_.name, embedding, 0});
    index_.upsert(userId, embedding.data());
}

void OpenCvFaceService::forget(std::uint32_t userId) {
    if (store_) store_->faceEmbeddings().remove(userId);
    index_.remove(userId);
}

} // namespace passway
