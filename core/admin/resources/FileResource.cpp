#include "admin/resources/FileResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "store/BlobStore.h"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>
#include <Poco/String.h>

#include <stdexcept>

namespace passway::admin {

namespace {

std::string upperMd5(const std::string& bytes) {
    Poco::MD5Engine md5;
    md5.update(bytes.data(), bytes.size());
    return Poco::toUpper(Poco::DigestEngine::digestToHex(md5.digest()));
}

} // namespace

void FileResource::install(Router& router) {
    router.write("POST", "/api/v1/files", Role::Operator, {"file.upload", "files"},
                 [this](RequestContext& c) { return upload(c); }, services_.options.maxFileBytes);
    router.get("/api/v1/files/{sha256}", Role::Operator, [this](RequestContext& c) { return download(c); });
}

Reply FileResource::upload(RequestContext& ctx) {
    const std::string& bytes = ctx.body();
    if (bytes.empty()) throw ApiError::invalid("body", "is empty: send the file's bytes as the request body");
    const std::string sha256 = services_.blobs.put(bytes);
    auto result = json::object();
    result->set("sha256", sha256);
    result->set("md5", upperMd5(bytes));
    result->set("size", static_cast<std::uint64_t>(bytes.size()));
    return Reply::json(result, 201);
}

Reply FileResource::download(RequestContext& ctx) {
    const std::string sha256 = ctx.param("sha256");
    std::optional<std::string> bytes;
    try {
        bytes = services_.blobs.get(sha256);
    } catch (const std::invalid_argument&) {
        throw ApiError::badRequest("'" + sha256 + "' is not a sha256 (64 hex digits)");
    }
    if (!bytes) throw ApiError::notFound("no such file: " + sha256);
    return Reply::bytes(std::move(*bytes), "application/octet-stream").header("ETag", "\"" + sha256 + "\"");
}

} // namespace passway::admin
