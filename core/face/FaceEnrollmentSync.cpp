#include "face/FaceEnrollmentSync.h"

#include "bus/EventBus.h"
#include "face/OpenCvFaceService.h"
#include "store/BlobStore.h"
#include "store/Store.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("face"); }

} // namespace

FaceEnrollmentSync::FaceEnrollmentSync(OpenCvFaceService& face, Store& store, BlobStore& blobs, EventBus& bus)
    : face_(face), store_(store), blobs_(blobs), bus_(bus) {}

FaceEnrollmentSync::~FaceEnrollmentSync() { stop(); }

void FaceEnrollmentSync::start() {
    if (!face_.available() || subscription_) return;
    subscription_ = bus_.subscribe(
        "person.changed",
        [this](const Event& event) {
            std::uint32_t userId = 0;
            try {
                const auto payload = Poco::JSON::Parser().parse(event.payload).extract<Poco::JSON::Object::Ptr>();
                userId = payload->getValue<std::uint32_t>("userId");
            } catch (const std::exception& e) {
                log().warning(std::string("person.changed without a usable userId: ") + e.what());
                return;
            }
            reconcile(userId);
        },
        "face-enrollment");
    catchUp_ = std::thread([this] { catchUp(); });
}

void FaceEnrollmentSync::stop() {
    stopping_ = true;
    if (subscription_) {
        bus_.unsubscribe(subscription_);
        subscription_ = 0;
    }
    if (catchUp_.joinable()) catchUp_.join();
}

bool FaceEnrollmentSync::reconcile(std::uint32_t userId) {
    try {
        const auto person = store_.persons().find(userId);
        const auto stored = store_.faceEmbeddings().find(userId);
        if (!person || person->photoBlob.empty()) {
            if (!stored && !face_.index().contains(userId)) return false;
            face_.forget(userId);
            return true;
        }
        if (stored && stored->photoBlob == person->photoBlob && stored->model == face_.modelName()) {
            if (!face_.index().contains(userId)) face_.index().upsert(userId, stored->vector.data());
            return false;
        }
        const auto photo = blobs_.get(person->photoBlob);
        if (!photo) {
            log().warning("person " + std::to_string(userId) + ": photo " + person->photoBlob + " is not in the blob store");
            face_.forget(userId);
            return true;
        }
        try {
            const auto enrollment = face_.checkEnrollmentWaiting(*photo);
            face_.enroll(userId, person->photoBlob, enrollment.embedding);
            ++computed_;
        } catch (const FaceError& e) {
            if (e.kind() != FaceError::Kind::Rejected && e.kind() != FaceError::Kind::BadImage) throw;
            // A terminal or an import set a photo that is no good for
            // recognition: the person stays, without a face to match.
            log().warning("person " + std::to_string(userId) + ": photo not enrolled: " + e.what());
            face_.forget(userId);
        }
        return true;
    } catch (const std::exception& e) {
        if (!stopping_) log().error("person " + std::to_string(userId) + ": face embedding not updated: " + e.what());
        return false;
    }
}

void FaceEnrollmentSync::catchUp() {
    PersonQuery query;
    query.limit = 1000;
    std::uint64_t changed = 0;
    try {
        for (query.offset = 0; !stopping_; query.offset += query.limit) {
            const auto page = store_.persons().list(query);
            for (const auto& person : page.items) {
                if (stopping_) break;
                const bool known = face_.index().contains(person.userId);
                // Quick path: most persons are in step; reconcile() reads the store only for the rest.
                if (person.photoBlob.empty() && !known) continue;
                if (reconcile(person.userId)) ++changed;
            }
            if (page.items.size() < static_cast<std::size_t>(query.limit)) break;
        }
    } catch (const std::exception& e) {
        if (!stopping_) log().error(std::string("face catch-up pass stopped: ") + e.what());
    }
    if (changed) log().information("face catch-up: " + std::to_string(changed) + " persons updated");
}

} // namespace passway
