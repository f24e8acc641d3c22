#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace passway::test {

// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "passway-test") {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

} // namespace passway::test
