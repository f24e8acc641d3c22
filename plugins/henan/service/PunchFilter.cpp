#include "service/PunchFilter.h"

#include <cstdlib>

namespace passway::henan {

bool PunchFilter::counts(std::int64_t deviceId, const std::string& userCode, std::int64_t deviceTime) const {
    std::lock_guard lock(mutex_);
    const auto found = last_.find({deviceId, userCode});
    if (found == last_.end() || found->second == deviceTime) return true;
    return std::llabs(deviceTime - found->second) >= windowMs_;
}

void PunchFilter::kept(std::int64_t deviceId, const std::string& userCode, std::int64_t deviceTime) {
    std::lock_guard lock(mutex_);
    if (last_.size() >= kMaxRemembered) last_.clear();  // forgetting lets a rare repeat in; never loses a punch
    auto& last = last_[{deviceId, userCode}];
    if (deviceTime > last) last = deviceTime;
}

}  // namespace passway::henan
