#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace passway::henan {

// The document's rule 同一个人3秒内重复打卡不计算: a punch of the same person
// on the same terminal within `windowMs` of the last one kept is not a new
// record. The same punch sent again (same time) is not a repeat: the store
// answers it as already held. Remembered in memory, per terminal and
// userCode, bounded.
class PunchFilter {
public:
    explicit PunchFilter(int windowMs) : windowMs_(windowMs) {}

    // Whether the punch counts (nothing is remembered yet).
    bool counts(std::int64_t deviceId, const std::string& userCode, std::int64_t deviceTime) const;
    // The punch was stored.
    void kept(std::int64_t deviceId, const std::string& userCode, std::int64_t deviceTime);

private:
    static constexpr std::size_t kMaxRemembered = 200000;
    const int windowMs_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> last_;
};

}  // namespace passway::henan
