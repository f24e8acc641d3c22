#include "admin/resources/FaceResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/FaceJson.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/resources/FaceApiError.h"
#include "admin/resources/FaceImages.h"
#include "passway/FaceService.h"
#include "store/Store.h"

#include <cmath>

namespace passway::admin {

namespace {

double rounded(float score) { return std::round(double(score) * 10000.0) / 10000.0; }

} // namespace

void FaceResource::install(Router& router) {
    // POSTs that change nothing, but they are audited like writes: who
    // searched the face library for whom is worth keeping.
    router.write("POST", "/api/v1/face/detect", Role::Operator, {"face.detect", "face"},
                 [this](RequestContext& c) { return detect(c); });
    router.write("POST", "/api/v1/face/verify", Role::Operator, {"face.verify", "face"},
                 [this](RequestContext& c) { return verify(c); });
    router.write("POST", "/api/v1/face/identify", Role::Operator, {"face.identify", "face"},
                 [this](RequestContext& c) { return identify(c); });
}

FaceService& FaceResource::face() const {
    if (!services_.face) throw ApiError(503, "face_unavailable", "this host has no face service");
    if (!services_.face->available()) {
        throw ApiError(503, "face_unavailable", "face service unavailable: " + services_.face->status());
    }
    return *services_.face;
}

Reply FaceResource::detect(RequestContext& ctx) {
    FaceService& service = face();
    Poco::JSON::Object::Ptr json;
    const auto images = readFaceImages(ctx, {"image"}, {}, json);
    try {
        const auto faces = service.detect(images.at("image"));
        auto list = json::array();
        for (const auto& f : faces) list->add(FaceJson::face(f));
        auto out = json::object();
        out->set("faces", list);
        auto detail = json::object();
        detail->set("bytes", static_cast<std::uint64_t>(images.at("image").size()));
        detail->set("faces", static_cast<std::uint64_t>(faces.size()));
        ctx.audit().detail = Poco::Dynamic::Var(detail);
        return Reply::json(out);
    } catch (const FaceError& e) {
        throw toApiError(e, "image");
    }
}

Reply FaceResource::verify(RequestContext& ctx) {
    FaceService& service = face();
    Poco::JSON::Object::Ptr json;
    const auto images = readFaceImages(ctx, {"a", "b"}, {}, json);
    try {
        const auto result = service.verify(images.at("a"), images.at("b"));
        auto out = json::object();
        out->set("score", rounded(result.score));
        out->set("same", result.same);
        out->set("threshold", rounded(service.matchThreshold()));
        out->set("a", FaceJson::face(result.a));
        out->set("b", FaceJson::face(result.b));
        auto detail = json::object();
        detail->set("score", rounded(result.score));
        detail->set("same", result.same);
        ctx.audit().detail = Poco::Dynamic::Var(detail);
        return Reply::json(out);
    } catch (const FaceError& e) {
        // verify names the image at fault.
        throw toApiError(e, e.subject() == "b" ? "b" : "a");
    }
}

Reply FaceResource::identify(RequestContext& ctx) {
    FaceService& service = face();
    Poco::JSON::Object::Ptr json;
    const auto images = readFaceImages(ctx, {"image"}, {"topK"}, json);
    std::size_t topK = 5;
    if (json) {
        if (const auto k = JsonFields(json).integer("topK", 1, 100)) topK = static_cast<std::size_t>(*k);
    } else if (const auto k = ctx.queryInt("topK", 1, 100)) {
        topK = static_cast<std::size_t>(*k);
    }
    try {
        const auto result = service.identify(images.at("image"), topK);
        auto matches = json::array();
        auto ids = json::array();
        for (const auto& m : result.matches) {
            auto match = json::object();
            match->set("userId", static_cast<std::uint64_t>(m.userId));
            match->set("score", rounded(m.score));
            const auto person = services_.store.persons().find(m.userId);
            match->set("name", person ? Poco::Dynamic::Var(person->name) : Poco::Dynamic::Var());
            // The enrolled photo's id, so the face tool shows it beside the query.
            match->set("photo", person && !person->photoBlob.empty() ? Poco::Dynamic::Var(person->photoBlob)
                                                                      : Poco::Dynamic::Var());
            matches->add(match);
            ids->add(static_cast<std::uint64_t>(m.userId));
        }
        auto out = json::object();
        out->set("face", FaceJson::face(result.face));
        out->set("matches", matches);
        out->set("threshold", rounded(service.matchThreshold()));
        out->set("enrolled", static_cast<std::uint64_t>(service.enrolledCount()));
        auto detail = json::object();
        detail->set("bytes", static_cast<std::uint64_t>(images.at("image").size()));
        detail->set("matches", ids);
        ctx.audit().detail = Poco::Dynamic::Var(detail);
        return Reply::json(out);
    } catch (const FaceError& e) {
        throw toApiError(e, "image");
    }
}

} // namespace passway::admin
