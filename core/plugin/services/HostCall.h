#pragma once

#include "passway/HostError.h"
#include "store/StoreError.h"

#include <exception>
#include <utility>

namespace passway::plugin {

// The SDK's error for a store's: plugins see HostError, never StoreError.
inline HostError hostErrorOf(const StoreError& e) {
    return HostError(e.conflict() ? HostError::Kind::Conflict : HostError::Kind::Unavailable, e.what());
}

// Runs a store call for a plugin: a StoreError becomes a HostError of the
// matching kind.
template <typename F>
auto hostCall(F&& call) -> decltype(call()) {
    try {
        return call();
    } catch (const StoreError& e) {
        throw hostErrorOf(e);
    }
}

// The same for a failure handed over as an exception_ptr (an asynchronous call).
inline std::exception_ptr hostErrorOf(std::exception_ptr error) {
    if (!error) return error;
    try {
        std::rethrow_exception(error);
    } catch (const StoreError& e) {
        return std::make_exception_ptr(hostErrorOf(e));
    } catch (...) {
        return error;
    }
}

} // namespace passway::plugin
