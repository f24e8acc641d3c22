#include "admin/resources/PersonReviewResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/ModelJson.h"
#include "admin/json/PersonJson.h"
#include "model/PersonSnapshot.h"
#include "store/Store.h"

namespace passway::admin {

namespace {

Poco::JSON::Object::Ptr reviewJson(const PersonReview& review) {
    auto o = json::object();
    o->set("id", review.id);
    o->set("deviceId", review.deviceId);
    o->set("userId", static_cast<Poco::UInt64>(review.userId));
    auto reasons = json::array();
    std::size_t start = 0;
    while (start < review.reasons.size()) {
        const auto end = review.reasons.find(',', start);
        reasons->add(review.reasons.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    o->set("reasons", reasons);
    // The person as the terminal sent it, in the persons API's shape
    // (passwords are never shown).
    if (const auto person = PersonSnapshot::read(review.proposed)) o->set("proposed", PersonJson::toJson(*person));
    o->set("baseVersion", review.baseVersion);
    o->set("state", review.state);
    o->set("createdAt", review.createdAt);
    o->set("decidedAt", review.decidedAt);
    o->set("decidedBy", review.decidedBy);
    return o;
}

} // namespace

void PersonReviewResource::install(Router& router) {
    const std::string base = "/api/v1/person-reviews";
    router.get(base, Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get(base + "/{id}", Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.write("POST", base + "/{id}/accept", Role::Operator, {"person.review.accept", "person-review:{id}"},
                 [this](RequestContext& c) { return accept(c); });
    router.write("POST", base + "/{id}/reject", Role::Operator, {"person.review.reject", "person-review:{id}"},
                 [this](RequestContext& c) { return reject(c); });
}

Reply PersonReviewResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    const std::string state = ctx.query("state").value_or("pending");
    if (state != "pending" && state != "accepted" && state != "rejected" && state != "all") {
        throw ApiError::invalid("state", "must be pending, accepted, rejected or all");
    }
    const std::string filter = state == "all" ? "" : state;
    auto items = json::array();
    for (const auto& review : services_.store.personReviews().list(filter, static_cast<int>(paging.offset), paging.limit)) {
        items->add(reviewJson(review));
    }
    return Reply::json(modeljson::list(items, services_.store.personReviews().count(filter), paging));
}

Reply PersonReviewResource::get(RequestContext& ctx) {
    const auto review = services_.store.personReviews().find(ctx.idParam("id"));
    if (!review) throw ApiError::notFound("no such review: " + ctx.param("id"));
    return Reply::json(reviewJson(*review));
}

Reply PersonReviewResource::accept(RequestContext& ctx) {
    std::lock_guard lock(services_.personWrites);
    const auto review = services_.store.personReviews().find(ctx.idParam("id"));
    if (!review) throw ApiError::notFound("no such review: " + ctx.param("id"));
    if (review->state != "pending") throw ApiError::conflict("review " + ctx.param("id") + " is " + review->state);
    auto person = PersonSnapshot::read(review->proposed);
    if (!person) throw ApiError::conflict("review " + ctx.param("id") + " holds no readable person; reject it");
    const auto current = services_.store.persons().find(review->userId);
    const std::int64_t currentVersion = current ? current->version : 0;
    if (currentVersion != review->baseVersion) {
        // Accepting would undo an edit made since the terminal sent this.
        throw ApiError::conflict("person " + std::to_string(review->userId) + " changed since the terminal sent this " +
                                 "(version " + std::to_string(currentVersion) + "); reject it and edit the person");
    }
    person->userId = review->userId;
    PersonJson::validate(*person);
    Person saved;
    services_.store.atomically([&] {
        if (!services_.store.personReviews().decide(review->id, "accepted", ctx.user()->username)) {
            throw ApiError::conflict("review " + ctx.param("id") + " was decided meanwhile");
        }
        saved = services_.store.persons().save(*person);
        services_.publish(events::personChanged(saved.userId, saved.version, current ? "updated" : "created", "admin"));
        services_.publish(events::personReview(review->id, review->deviceId, review->userId, review->reasons, "accepted"));
    });
    auto detail = json::object();
    detail->set("userId", static_cast<Poco::UInt64>(saved.userId));
    detail->set("deviceId", review->deviceId);
    detail->set("reasons", review->reasons);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::json(reviewJson(*services_.store.personReviews().find(review->id)));
}

Reply PersonReviewResource::reject(RequestContext& ctx) {
    const auto review = services_.store.personReviews().find(ctx.idParam("id"));
    if (!review) throw ApiError::notFound("no such review: " + ctx.param("id"));
    services_.store.atomically([&] {
        if (!services_.store.personReviews().decide(review->id, "rejected", ctx.user()->username)) {
            throw ApiError::conflict("review " + ctx.param("id") + " is " + review->state);
        }
        services_.publish(events::personReview(review->id, review->deviceId, review->userId, review->reasons, "rejected"));
    });
    auto detail = json::object();
    detail->set("userId", static_cast<Poco::UInt64>(review->userId));
    detail->set("deviceId", review->deviceId);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::json(reviewJson(*services_.store.personReviews().find(review->id)));
}

} // namespace passway::admin
