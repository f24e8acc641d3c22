#pragma once

#include "passway/model/Device.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// An address a device called from, and when (migration 010).
struct DeviceAddress {
    std::string address;
    std::int64_t firstSeen = 0;  // unix ms
    std::int64_t lastSeen = 0;
};

class DeviceRepository {
public:
    virtual ~DeviceRepository() = default;

    // Inserts a new device; throws StoreError if (protocol, serial) exists.
    virtual Device create(const Device& device) = 0;
    virtual std::optional<Device> find(std::int64_t id) = 0;
    virtual std::optional<Device> findBySerial(const std::string& protocol, const std::string& serial) = 0;
    virtual std::vector<Device> list() = 0;
    // Saves name, accessGroups, desired and reported of an existing device.
    virtual bool update(const Device& device) = 0;
    virtual bool setState(std::int64_t id, DeviceState state) = 0;
    // Records contact: online flag, time (unix ms) and remote address; the
    // address joins the device's address history.
    virtual bool markSeen(std::int64_t id, std::int64_t at, const std::string& address) = 0;
    // Every address the device was seen at, most recently seen first.
    virtual std::vector<DeviceAddress> addresses(std::int64_t id) = 0;
    virtual bool setOnline(std::int64_t id, bool online) = 0;
    // Terminal identity: the address a device is known by (clears the
    // pending one) and the other address it called from.
    virtual bool pinAddress(std::int64_t id, const std::string& address) = 0;
    virtual bool setPendingAddress(std::int64_t id, const std::string& address) = 0;
    // devices.max_pending: how many devices are in `state`, and the ids of the
    // `count` oldest of them (lowest ids first).
    virtual std::size_t countInState(DeviceState state) = 0;
    virtual std::vector<std::int64_t> oldestInState(DeviceState state, std::size_t count) = 0;
    virtual bool remove(std::int64_t id) = 0;
};

} // namespace passway
