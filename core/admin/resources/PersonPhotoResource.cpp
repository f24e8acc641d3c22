#include "admin/resources/PersonPhotoResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/PersonJson.h"
#include "admin/resources/FaceApiError.h"
#include "admin/resources/ImageType.h"
#include "admin/resources/PersonResource.h"
#include "passway/FaceService.h"
#include "store/BlobStore.h"
#include "store/Store.h"

#include <Poco/Logger.h>

#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>

#include <cmath>
#include <optional>
#include <sstream>

namespace passway::admin {

namespace {

constexpr std::int64_t kMaxUserId = 4294967295;
constexpr std::size_t kMultipartOverhead = 64 * 1024;  // headers and boundaries around the image

Person load(Store& store, RequestContext& ctx) {
    auto person = store.persons().find(static_cast<std::uint32_t>(ctx.idParam("userId", kMaxUserId)));
    if (!person) throw ApiError::notFound("no such person: " + ctx.param("userId"));
    return *person;
}

} // namespace

void PersonPhotoResource::install(Router& router) {
    const std::string path = "/api/v1/persons/{userId}/photo";
    router.write("PUT", path, Role::Operator, {"person.photo", "person:{userId}"},
                 [this](RequestContext& c) { return put(c); }, services_.options.maxPhotoBytes + kMultipartOverhead);
    router.get(path, Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.write("DELETE", path, Role::Operator, {"person.photo.delete", "person:{userId}"},
                 [this](RequestContext& c) { return remove(c); });
}

std::string PersonPhotoResource::extractImage(RequestContext& ctx) const {
    const std::string type = ctx.mediaType();
    if (type == "image/jpeg" || type == "image/png") return ctx.body();
    if (type != "multipart/form-data") {
        throw ApiError::unsupportedMedia("send the photo as image/jpeg, image/png or multipart/form-data with a 'photo' part");
    }
    try {
        const Poco::Net::MediaType media(ctx.request().contentType());
        std::istringstream in(ctx.body());
        if (!media.hasParameter("boundary")) throw ApiError::badRequest("the multipart Content-Type has no boundary");
        Poco::Net::MultipartReader reader(in, media.getParameter("boundary"));
        while (reader.hasNextPart()) {
            Poco::Net::MessageHeader header;
            reader.nextPart(header);
            std::string disposition;
            Poco::Net::NameValueCollection parameters;
            Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, parameters);
            std::string content;
            Poco::StreamCopier::copyToString(reader.stream(), content);
            if (parameters.get("name", "") == "photo") return content;
        }
    } catch (const Poco::Exception& e) {
        throw ApiError::badRequest("the multipart body is malformed: " + e.message());
    }
    throw ApiError::invalid("photo", "the multipart body has no 'photo' part");
}

Reply PersonPhotoResource::put(RequestContext& ctx) {
    const std::string image = extractImage(ctx);
    if (image.empty()) throw ApiError::invalid("photo", "is empty");
    if (image.size() > services_.options.maxPhotoBytes) {
        throw ApiError::tooLarge("a photo may have at most " + std::to_string(services_.options.maxPhotoBytes) +
                                 " bytes");
    }
    const std::string type = ImageType::sniff(image);
    if (type.empty()) throw ApiError::unsupportedMedia("the photo is not a JPEG or PNG image");
    // 404 before any inference is spent on the photo.
    const auto userId = static_cast<std::uint32_t>(load(services_.store, ctx).userId);

    // The face check runs on the face service's workers, outside the person
    // lock: a slow check must not hold up other person writes.
    auto face = json::object();
    std::optional<FaceEnrollment> enrollment;
    std::optional<FaceMatch> repeatOf;
    if (services_.face && services_.face->available()) {
        try {
            enrollment = services_.face->checkEnrollment(image);
            // RepeatID: the face already belongs to someone else.
            for (const auto& m : services_.face->search(enrollment->embedding, 2, services_.face->matchThreshold())) {
                if (m.userId != userId) {
                    repeatOf = m;
                    break;
                }
            }
        } catch (const FaceError& e) {
            Poco::Logger::get("admin").information("person " + std::to_string(userId) + ": photo refused (" + e.code() +
                                                   "): " + e.what());
            throw toApiError(e, "photo");
        }
    } else if (services_.face) {
        // Without models the photo is kept unchecked, as before the face
        // service existed; the answer says so.
        face->set("checked", false);
        face->set("reason", "face service unavailable: " + services_.face->status());
    }

    std::lock_guard lock(services_.personWrites);
    Person person = load(services_.store, ctx);
    // Stored before the person points at it: a crash in between leaves an
    // unreferenced blob, never a person whose photo is missing.
    person.photoBlob = services_.blobs.put(image);
    Person saved;
    // The face work below is no part of this unit of work: it must not hold the store.
    services_.store.atomically([&] {
        saved = services_.store.persons().save(person);
        PersonResource::announce(services_, saved, "updated");
    });
    if (enrollment) {
        try {
            services_.face->enroll(saved.userId, saved.photoBlob, enrollment->embedding);
        } catch (const std::exception& e) {
            // The photo is saved; the person.changed subscriber of the face
            // service computes the embedding again.
            Poco::Logger::get("admin").error("person " + std::to_string(saved.userId) +
                                             ": face embedding not stored: " + e.what());
        }
        auto warnings = json::array();
        if (repeatOf) {
            const auto other = services_.store.persons().find(repeatOf->userId);
            auto warning = json::object();
            warning->set("code", "repeat_id");
            warning->set("userId", static_cast<std::uint64_t>(repeatOf->userId));
            warning->set("score", std::round(double(repeatOf->score) * 10000.0) / 10000.0);
            warning->set("message", "this face already belongs to person " + std::to_string(repeatOf->userId) +
                                        (other ? " (" + other->name + ")" : std::string()) +
                                        "; check that this is not the same person enrolled twice");
            warnings->add(warning);
        }
        face->set("checked", true);
        face->set("enrolled", true);
        face->set("score", std::round(double(enrollment->face.score) * 1000.0) / 1000.0);
        face->set("sharpness", std::round(enrollment->sharpness * 10.0) / 10.0);
        face->set("warnings", warnings);
    }

    auto detail = json::object();
    detail->set("photo", saved.photoBlob);
    detail->set("bytes", static_cast<std::uint64_t>(image.size()));
    detail->set("contentType", type);
    if (repeatOf) detail->set("repeatOf", static_cast<std::uint64_t>(repeatOf->userId));
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    auto answer = PersonJson::toJson(saved);
    if (services_.face) answer->set("face", face);
    return Reply::json(answer);
}

Reply PersonPhotoResource::get(RequestContext& ctx) {
    const Person person = load(services_.store, ctx);
    if (person.photoBlob.empty()) throw ApiError::notFound("person " + ctx.param("userId") + " has no photo");
    const std::string etag = "\"" + person.photoBlob + "\"";
    if (ctx.request().header("If-None-Match") == etag) {
        Reply notModified{304, "", "", {}, {}};
        return notModified.header("ETag", etag);
    }
    auto bytes = services_.blobs.get(person.photoBlob);
    if (!bytes) throw ApiError::notFound("the photo of person " + ctx.param("userId") + " is missing from the blob store");
    const std::string type = ImageType::sniff(*bytes);
    // Content-addressed: the same ETag always means the same bytes.
    return Reply::bytes(std::move(*bytes), type.empty() ? "application/octet-stream" : type)
        .header("ETag", etag)
        .header("Cache-Control", "private, no-cache");
}

Reply PersonPhotoResource::remove(RequestContext& ctx) {
    std::lock_guard lock(services_.personWrites);
    Person person = load(services_.store, ctx);
    if (person.photoBlob.empty()) throw ApiError::notFound("person " + ctx.param("userId") + " has no photo");
    // The blob itself stays: blobs are content-addressed and may be shared
    // (the same image on a record), and removing them is a sweep's job.
    person.photoBlob.clear();
    services_.store.atomically([&] {
        const Person saved = services_.store.persons().save(person);
        PersonResource::announce(services_, saved, "updated");
    });
    return Reply::noContent();
}

} // namespace passway::admin
