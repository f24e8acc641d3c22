#pragma once

#include <cstdint>

namespace passway {

// Told which devices' connections this host holds, so that hosts sharing a
// store know who holds which (ClusterHost keeps the leases in the store).
// Called on every contact a plugin records, so it must be cheap when
// nothing changed.
class DeviceLeases {
public:
    virtual ~DeviceLeases() = default;
    virtual void connected(std::int64_t deviceId) = 0;
    virtual void disconnected(std::int64_t deviceId) = 0;
};

} // namespace passway
