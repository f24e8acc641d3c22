#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

#include <string>

namespace passway::admin {

// POST /api/v1/face/detect, /verify and /identify: the face service for
// people and tools. Images come as JSON with base64 ({"image": ...}; verify
// {"a": ..., "b": ...}), as multipart parts of those names, or (detect and
// identify) as the raw image/jpeg or image/png body. Inference runs on the
// face service's workers; the HTTP thread only waits. Without models every
// route answers 503 face_unavailable with the reason.
class FaceResource : public Resource {
public:
    explicit FaceResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply detect(RequestContext& ctx);
    Reply verify(RequestContext& ctx);
    Reply identify(RequestContext& ctx);

    FaceService& face() const;  // 503 when there is none or it is unavailable

    AdminServices& services_;
};

} // namespace passway::admin
