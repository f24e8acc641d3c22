#include "face/RecordFaceMatcher.h"

#include "bus/EventBus.h"
#include "face/OpenCvFaceService.h"
#include "journal/JournalSubscriber.h"
#include "store/BlobStore.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <sstream>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("face"); }

std::string text(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::Dynamic::Var orNull(std::uint32_t userId) { return userId ? Poco::Dynamic::Var(userId) : Poco::Dynamic::Var(); }

} // namespace

RecordFaceMatcher::RecordFaceMatcher(OpenCvFaceService& face, BlobStore& blobs, EventBus& bus, EventJournal* journal)
    : face_(face), blobs_(blobs), bus_(bus), journal_(journal) {}

RecordFaceMatcher::~RecordFaceMatcher() { stop(); }

void RecordFaceMatcher::start() {
    if (!face_.available() || subscription_ || subscriber_) return;
    if (journal_) {
        JournalConsumer& consumer = *this;  // a private base: converted here, where it is accessible
        subscriber_ = std::make_unique<JournalSubscriber>(*journal_, "face-records", consumer);
        subscriber_->start();
        return;
    }
    subscription_ = bus_.subscribe(
        "record.created",
        [this](const Event& event) {
            try {
                handle(event.payload);
            } catch (const std::exception& e) {
                log().error(std::string("record photo not identified: ") + e.what());
            }
        },
        "face-records");
}

bool RecordFaceMatcher::wants(const std::string& topic) const { return topic == "record.created"; }

JournalConsumer::Outcome RecordFaceMatcher::handle(const Event& event, std::string& error) {
    try {
        handle(event.payload);
        return Outcome::Done;
    } catch (const std::exception& e) {
        error = std::string("record photo not identified: ") + e.what();
        return Outcome::Failed;
    }
}

void RecordFaceMatcher::stop() {
    if (subscriber_) {
        subscriber_->stop();
        subscriber_.reset();
    }
    if (subscription_) {
        bus_.unsubscribe(subscription_);
        subscription_ = 0;
    }
}

void RecordFaceMatcher::handle(const std::string& payloadJson) {
    const auto record = Poco::JSON::Parser().parse(payloadJson).extract<Poco::JSON::Object::Ptr>();
    const std::string blob = record->optValue<std::string>("photo", "");
    if (blob.empty()) return;
    const auto recordId = record->getValue<std::int64_t>("id");
    const auto deviceId = record->getValue<std::int64_t>("deviceId");
    const std::uint32_t claimed = record->isNull("userId") ? 0 : record->optValue<std::uint32_t>("userId", 0);
    const auto photo = blobs_.get(blob);
    if (!photo) {
        log().warning("record " + std::to_string(recordId) + ": photo " + blob + " is not in the blob store");
        return;
    }

    Poco::JSON::Object out;
    out.set("recordId", recordId);
    out.set("deviceId", deviceId);
    out.set("claimedUserId", orNull(claimed));

    FaceIdentification found;
    try {
        found = face_.identifyWaiting(*photo, 1);
    } catch (const FaceError& e) {
        if (e.kind() != FaceError::Kind::Rejected && e.kind() != FaceError::Kind::BadImage) throw;
        if (!claimed || !face_.index().contains(claimed)) return;
        out.set("matchedUserId", Poco::Dynamic::Var());
        out.set("score", Poco::Dynamic::Var());
        out.set("reason", std::string("the record photo shows no usable face: ") + e.what());
        ++suspect_;
        bus_.publish("record.suspect", text(out), "face");
        return;
    }
    const std::uint32_t best = found.matches.empty() ? 0 : found.matches.front().userId;
    const float bestScore = found.matches.empty() ? 0.0f : found.matches.front().score;

    if (best && (!claimed || best == claimed)) {
        out.set("userId", best);
        out.set("score", static_cast<double>(bestScore));
        ++matched_;
        bus_.publish("face.matched", text(out), "face");
        return;
    }
    if (!claimed) return;  // an unknown face and no claim: nothing to say
    const bool claimedEnrolled = face_.index().contains(claimed);
    if (!claimedEnrolled && !best) return;  // nothing to compare with
    out.set("matchedUserId", orNull(best));
    if (best) {
        out.set("score", static_cast<double>(bestScore));
        out.set("reason", "the face is person " + std::to_string(best) + "'s, not that of the claimed person " +
                              std::to_string(claimed));
    } else {
        // The claimed person is enrolled, but the face is below the threshold.
        out.set("score", static_cast<double>(face_.scoreOf(claimed, found.embedding)));
        out.set("reason", "the face does not match the claimed person " + std::to_string(claimed));
    }
    ++suspect_;
    bus_.publish("record.suspect", text(out), "face");
}

} // namespace passway
