#include "admin/resources/AdminServices.h"

#include "admin/json/Json.h"
#include "bus/EventBus.h"

#include <Poco/Logger.h>

namespace passway::admin {

void AdminServices::publish(const std::string& topic, const Poco::JSON::Object::Ptr& payload) const {
    try {
        bus.publish(topic, json::stringify(payload), "admin");
    } catch (const std::exception& e) {
        Poco::Logger::get("admin").error("could not publish " + topic + ": " + e.what());
    }
}

} // namespace passway::admin
