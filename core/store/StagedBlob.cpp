#include "store/StagedBlob.h"

#include <utility>

#include <unistd.h>

namespace passway {

StagedBlob::~StagedBlob() { discard(); }

StagedBlob::StagedBlob(StagedBlob&& other) noexcept
    : sha256_(std::move(other.sha256_)),
      temporary_(std::exchange(other.temporary_, {})),
      path_(std::move(other.path_)) {}

StagedBlob& StagedBlob::operator=(StagedBlob&& other) noexcept {
    if (this != &other) {
        discard();
        sha256_ = std::move(other.sha256_);
        temporary_ = std::exchange(other.temporary_, {});
        path_ = std::move(other.path_);
    }
    return *this;
}

void StagedBlob::discard() noexcept {
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    temporary_.clear();
}

} // namespace passway
