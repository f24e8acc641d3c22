#include "admin/http/StaticFiles.h"

#include <Poco/String.h>

#include <fstream>
#include <map>

namespace passway::admin {

namespace fs = std::filesystem;

namespace {

bool isInside(const fs::path& path, const fs::path& root) {
    auto r = root.begin();
    auto p = path.begin();
    for (; r != root.end(); ++r, ++p) {
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

void sendNotFound(Poco::Net::HTTPServerResponse& response) {
    static const std::string body = R"({"error":{"code":"not_found","message":"no such file"}})";
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
    response.setContentType("application/json; charset=utf-8");
    response.set("X-Content-Type-Options", "nosniff");
    response.setContentLength64(static_cast<std::int64_t>(body.size()));
    response.send() << body;
}

} // namespace

StaticFiles::StaticFiles(const std::string& root) {
    std::error_code error;
    if (!root.empty()) root_ = fs::canonical(root, error);
    if (error || !fs::is_directory(root_, error)) root_.clear();
}

std::string StaticFiles::contentType(const fs::path& file) {
    static const std::map<std::string, std::string> types{
        {".html", "text/html; charset=utf-8"},   {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},     {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"}, {".txt", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},               {".png", "image/png"},
        {".jpg", "image/jpeg"},                  {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},                   {".webp", "image/webp"},
        {".ico", "image/x-icon"},                {".woff", "font/woff"},
        {".woff2", "font/woff2"},                {".wasm", "application/wasm"},
    };
    const auto it = types.find(Poco::toLower(file.extension().string()));
    return it == types.end() ? "application/octet-stream" : it->second;
}

fs::path StaticFiles::resolve(const std::vector<std::string>& segments) const {
    if (root_.empty()) return {};
    fs::path path = root_;
    for (const auto& segment : segments) {
        // Decoded segments: "..", "%2e%2e", a backslash or NUL never pass.
        if (segment == "." || segment == ".." || segment.find_first_of(std::string("/\\\0", 3)) != std::string::npos) {
            return {};
        }
        path /= segment;
    }
    std::error_code error;
    if (fs::is_directory(path, error)) path /= "index.html";
    const fs::path real = fs::canonical(path, error);
    if (error || !isInside(real, root_) || !fs::is_regular_file(real, error)) return {};
    return real;
}

int StaticFiles::serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                       const std::vector<std::string>& segments) const {
    const fs::path file = resolve(segments);
    std::error_code error;
    const auto size = file.empty() ? 0 : fs::file_size(file, error);
    std::ifstream in;
    if (!file.empty() && !error && size <= kMaxFileBytes) in.open(file, std::ios::binary);
    if (!in.is_open() || !in) {
        sendNotFound(response);
        return 404;
    }
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType(contentType(file));
    response.set("X-Content-Type-Options", "nosniff");
    // The page changes with each release; revalidate instead of caching blindly.
    response.set("Cache-Control", "no-cache");
    response.setContentLength64(static_cast<std::int64_t>(size));
    std::ostream& out = response.send();
    if (request.getMethod() != "HEAD") out << in.rdbuf();
    return 200;
}

} // namespace passway::admin
