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
    // Whether another host holds the device's connection now (its lease has
    // not run out). A host that only stopped hearing from a device that
    // moved must not call it offline.
    virtual bool heldElsewhere(std::int64_t deviceId) = 0;
};

} // namespace passway
