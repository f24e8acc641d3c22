#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// /api/v1/files: files an operator hands to terminals — firmware images,
// system files. POST takes the raw body (any Content-Type) of at most
// AdminOptions::maxFileBytes, stores it in the blob store and answers its
// sha256 (what a command's args name, e.g. {"kind":"firmware","args":{"blob":...}}),
// the uppercase MD5 terminals check, and the size. GET /api/v1/files/{sha256}
// gives the bytes back, to operators only: the blob store also holds face and
// fingerprint templates. Storing the same bytes twice is harmless.
class FileResource : public Resource {
public:
    explicit FileResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply upload(RequestContext& ctx);
    Reply download(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
