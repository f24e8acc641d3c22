#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace passway {

// Unix time in milliseconds: the one time unit of the store and the events.
inline std::int64_t nowMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Wall-clock time for components whose behaviour depends on how much time
// passed (lag, retention), so that tests can move time instead of waiting.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t nowMillis() const = 0;

    static const Clock& system();
};

class SystemClock final : public Clock {
public:
    std::int64_t nowMillis() const override { return passway::nowMillis(); }
};

inline const Clock& Clock::system() {
    static const SystemClock clock;
    return clock;
}

// A clock that moves only when told (tests).
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t start = passway::nowMillis()) : now_(start) {}
    std::int64_t nowMillis() const override { return now_.load(); }
    void advance(std::chrono::milliseconds by) { now_ += by.count(); }

private:
    std::atomic<std::int64_t> now_;
};

} // namespace passway
