// GET /Passway/File/<sha256>[.ext]: the blobs terminals download by URL —
// person photos (DownloadPeopleList, photo_mode url), firmware
// (PushSoftware) and system files (PushSystemFile). Content-addressed: the
// URL names the content, so there is nothing to guess and nothing to list.

#include "handlers/Handlers.h"

#include "wire/ProtocolError.h"

namespace passway::httpv2 {

namespace {

std::string contentTypeOf(const std::string& bytes) {
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xD8) {
        return "image/jpeg";
    }
    if (bytes.size() >= 8 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return "image/png";
    return "application/octet-stream";
}

} // namespace

void handleFile(Exchange& ex, const std::string& sha256) {
    const std::string& method = ex.request().method;
    if (method != "GET" && method != "HEAD") throw ProtocolError(405, 405, "files are read with GET");
    if (!ex.config().serveFiles) throw ProtocolError::notFound("files are not served (plugin.httpv2.serve_files)");
    const auto bytes = ex.services().blobs.get(sha256);
    if (!bytes) throw ProtocolError::notFound("no such file");
    ex.sendBytes(200, contentTypeOf(*bytes), *bytes);  // the server sends only the head for HEAD
}

} // namespace passway::httpv2
