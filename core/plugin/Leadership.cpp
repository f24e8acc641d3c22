#include "plugin/Leadership.h"

namespace passway {

bool Leadership::leading() const {
    std::lock_guard lock(mutex_);
    return leading_;
}

std::uint64_t Leadership::watch(Watcher watcher) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_++;
    watcher(leading_);
    watchers_.emplace(id, std::move(watcher));
    return id;
}

void Leadership::unwatch(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    watchers_.erase(id);
}

void Leadership::set(bool leading) {
    std::lock_guard lock(mutex_);
    if (leading == leading_) return;
    leading_ = leading;
    for (auto& [id, watcher] : watchers_) watcher(leading);
}

} // namespace passway
