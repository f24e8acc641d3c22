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

Reply notFound() {
    return Reply{404, "application/json; charset=utf-8", R"({"error":{"code":"not_found","message":"no such file"}})",
                 {}, {}, {}};
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

Reply StaticFiles::serve(const std::vector<std::string>& segments) const {
    const fs::path file = resolve(segments);
    std::error_code error;
    const auto size = file.empty() ? 0 : fs::file_size(file, error);
    std::ifstream in;
    if (!file.empty() && !error && size <= kMaxFileBytes) in.open(file, std::ios::binary);
    if (!in.is_open() || !in) return notFound();
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    Reply reply = Reply::bytes(std::move(bytes), contentType(file));
    // The page changes with each release; revalidate instead of caching blindly.
    reply.header("Cache-Control", "no-cache");
    return reply;
}

} // namespace passway::admin
