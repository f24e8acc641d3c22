#pragma once

#include <Poco/Util/MapConfiguration.h>

#include <mutex>

namespace passway {

// The settings changed on the admin page, as one layer of the host's
// configuration (between --set and the INI file). The admin API writes it
// while every other thread reads the configuration, so each access takes
// the layer's own lock (Poco's layered configuration locks only itself).
class PageSettingsLayer final : public Poco::Util::MapConfiguration {
protected:
    bool getRaw(const std::string& key, std::string& value) const override {
        std::lock_guard lock(mutex_);
        return MapConfiguration::getRaw(key, value);
    }
    void setRaw(const std::string& key, const std::string& value) override {
        std::lock_guard lock(mutex_);
        MapConfiguration::setRaw(key, value);
    }
    void enumerate(const std::string& key, Keys& range) const override {
        std::lock_guard lock(mutex_);
        MapConfiguration::enumerate(key, range);
    }
    void removeRaw(const std::string& key) override {
        std::lock_guard lock(mutex_);
        MapConfiguration::removeRaw(key);
    }

private:
    mutable std::recursive_mutex mutex_;
};

} // namespace passway
