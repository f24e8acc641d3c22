#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/persons/{userId}/photo: the face photo terminals enrol from.
// PUT takes the image as the raw body (Content-Type image/jpeg or image/png)
// or as the `photo` part of multipart/form-data (what a browser form sends),
// at most AdminOptions::maxPhotoBytes. The bytes must really be a JPEG or PNG.
// The photo goes to the blob store; the person records its sha256 and gets a
// new version, so terminals are sent the new face.
class PersonPhotoResource : public Resource {
public:
    explicit PersonPhotoResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply put(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply remove(RequestContext& ctx);

    std::string extractImage(RequestContext& ctx) const;

    AdminServices& services_;
};

} // namespace passway::admin
