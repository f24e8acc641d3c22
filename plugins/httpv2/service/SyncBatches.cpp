#include "service/SyncBatches.h"

namespace passway::httpv2 {

SyncBatches::SyncBatches(std::chrono::milliseconds timeout) : timeoutMs_(timeout.count()) {}

void SyncBatches::handOut(std::int64_t deviceId, bool removal, const std::vector<HandedOut>& entries,
                          std::int64_t nowMs) {
    if (entries.empty()) return;
    std::lock_guard lock(mutex_);
    auto& slots = slots_[{deviceId, removal}];
    for (const auto& e : entries) slots[e.userId] = Slot{e.version, nowMs};
}

bool SyncBatches::inFlight(std::int64_t deviceId, bool removal, std::uint32_t userId, std::int64_t nowMs) const {
    std::lock_guard lock(mutex_);
    const auto device = slots_.find({deviceId, removal});
    if (device == slots_.end()) return false;
    const auto slot = device->second.find(userId);
    return slot != device->second.end() && nowMs - slot->second.handedAt < timeoutMs_;
}

std::size_t SyncBatches::inFlightCount(std::int64_t deviceId, bool removal, std::int64_t nowMs) const {
    std::lock_guard lock(mutex_);
    const auto device = slots_.find({deviceId, removal});
    if (device == slots_.end()) return 0;
    std::size_t count = 0;
    for (const auto& [userId, slot] : device->second) count += nowMs - slot.handedAt < timeoutMs_ ? 1 : 0;
    return count;
}

std::vector<HandedOut> SyncBatches::take(std::int64_t deviceId, bool removal) {
    std::lock_guard lock(mutex_);
    std::vector<HandedOut> out;
    const auto device = slots_.find({deviceId, removal});
    if (device == slots_.end()) return out;
    out.reserve(device->second.size());
    for (const auto& [userId, slot] : device->second) out.push_back({userId, slot.version});
    slots_.erase(device);
    return out;
}

void SyncBatches::handOutDeleteAll(std::int64_t deviceId, std::int64_t commandId) {
    std::lock_guard lock(mutex_);
    deleteAll_[deviceId] = commandId;
}

std::optional<std::int64_t> SyncBatches::takeDeleteAll(std::int64_t deviceId) {
    std::lock_guard lock(mutex_);
    const auto found = deleteAll_.find(deviceId);
    if (found == deleteAll_.end()) return std::nullopt;
    const std::int64_t commandId = found->second;
    deleteAll_.erase(found);
    return commandId;
}

void SyncBatches::prune(std::int64_t nowMs) {
    std::lock_guard lock(mutex_);
    for (auto device = slots_.begin(); device != slots_.end();) {
        auto& slots = device->second;
        for (auto slot = slots.begin(); slot != slots.end();) {
            slot = nowMs - slot->second.handedAt > 10 * timeoutMs_ ? slots.erase(slot) : std::next(slot);
        }
        device = slots.empty() ? slots_.erase(device) : std::next(device);
    }
}

} // namespace passway::httpv2
