#pragma once

#include "store/DeviceRepository.h"

namespace passway {


template <typename Sql>
class SqlDeviceRepository : public DeviceRepository {
public:
    explicit SqlDeviceRepository(typename Sql::Database& db) : db_(db) {}

    Device create(const Device& device) override;
    std::optional<Device> find(std::int64_t id) override;
    std::optional<Device> findBySerial(const std::string& protocol, const std::string& serial) override;
    std::vector<Device> list() override;
    bool update(const Device& device) override;
    bool setState(std::int64_t id, DeviceState state) override;
    bool markSeen(std::int64_t id, std::int64_t at, const std::string& address) override;
    std::vector<DeviceAddress> addresses(std::int64_t id) override;
    bool setOnline(std::int64_t id, bool online) override;
    bool pinAddress(std::int64_t id, const std::string& address) override;
    bool setPendingAddress(std::int64_t id, const std::string& address) override;
    std::size_t countInState(DeviceState state) override;
    std::vector<std::int64_t> oldestInState(DeviceState state, std::size_t count) override;
    bool remove(std::int64_t id) override;

private:
    // The *Locked helpers expect the caller to hold the database lock.
    std::optional<Device> findLocked(std::int64_t id);
    std::vector<Device> readAll(typename Sql::Statement& rows);
    void writeGroups(std::int64_t id, const std::vector<std::string>& groups);

    typename Sql::Database& db_;
};

} // namespace passway
