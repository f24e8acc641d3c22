#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>

namespace passway {

// Runs plugin code on a host thread (event handler, timer task, request
// handler) so that no exception escapes into the host. Failures are logged to
// the plugin's logger: the first ten, then every thousandth, so a callback
// that fails on every event cannot flood the log.
class CallbackGuard {
public:
    CallbackGuard(Poco::Logger& logger, std::string what) : logger_(logger), what_(std::move(what)) {}

    // Returns true when `callback` completed without throwing.
    template <class Callback>
    bool run(Callback&& callback, const std::string& detail = "") noexcept {
        try {
            std::forward<Callback>(callback)();
            return true;
        } catch (const std::exception& e) {
            report(detail, e.what());
        } catch (...) {
            report(detail, "unknown exception");
        }
        return false;
    }

    std::uint64_t failures() const { return failures_.load(); }

private:
    void report(const std::string& detail, const std::string& message) noexcept {
        const std::uint64_t n = ++failures_;
        if (n > 10 && n % 1000 != 0) return;
        try {
            logger_.error(what_ + (detail.empty() ? "" : " (" + detail + ")") + " failed: " + message +
                          (n > 1 ? " [failure " + std::to_string(n) + "]" : ""));
        } catch (...) {
            // Logging must not become the exception we were containing.
        }
    }

    Poco::Logger& logger_;
    const std::string what_;
    std::atomic<std::uint64_t> failures_{0};
};

} // namespace passway
