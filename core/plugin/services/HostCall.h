#pragma once

#include "passway/HostError.h"
#include "store/StoreError.h"

#include <utility>

namespace passway::plugin {

// Runs a store call for a plugin: a StoreError becomes a HostError of the
// matching kind, so plugins see the SDK's error type and never the store's.
template <typename F>
auto hostCall(F&& call) -> decltype(call()) {
    try {
        return call();
    } catch (const StoreError& e) {
        throw HostError(e.conflict() ? HostError::Kind::Conflict : HostError::Kind::Unavailable, e.what());
    }
}

} // namespace passway::plugin
