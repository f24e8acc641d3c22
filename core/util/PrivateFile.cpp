#include "util/PrivateFile.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace passway {

namespace fs = std::filesystem;

void writePrivateFile(const std::string& path, const std::string& content) {
    const fs::path file(path);
    std::error_code error;
    const fs::path folder = file.parent_path();
    if (!folder.empty() && !fs::exists(folder, error)) {
        fs::create_directories(folder, error);
        if (!error) fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace, error);
        if (error) throw std::runtime_error("cannot create the folder " + folder.string() + ": " + error.message());
    }
    fs::remove(file, error);  // an older file keeps its mode when truncated; start from none
    {
        std::ofstream create(file, std::ios::binary | std::ios::trunc);
        if (!create) throw std::runtime_error("cannot create " + path);
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, error);
    if (error) throw std::runtime_error("cannot restrict " + path + ": " + error.message());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

} // namespace passway
