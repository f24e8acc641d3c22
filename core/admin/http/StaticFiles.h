#pragma once

#include "admin/http/Reply.h"

#include <filesystem>
#include <string>
#include <vector>

namespace passway::admin {

// The admin page: regular files under one folder, index.html for a folder.
// A request can never leave the folder: ".." segments are refused outright,
// and the resolved path (symbolic links followed) must still lie inside the
// folder's own resolved path.
class StaticFiles {
public:
    static constexpr std::uintmax_t kMaxFileBytes = 64 * 1024 * 1024;

    explicit StaticFiles(const std::string& root);

    // The answer: 200 with the file, or a 404 (the server sends only the head for HEAD).
    Reply serve(const std::vector<std::string>& segments) const;

    static std::string contentType(const std::filesystem::path& file);

private:
    std::filesystem::path resolve(const std::vector<std::string>& segments) const;  // empty when refused

    std::filesystem::path root_;  // canonical; empty when the folder does not exist
};

} // namespace passway::admin
