#include "admin/resources/AdminServices.h"

#include "admin/json/Json.h"
#include "bus/EventBus.h"

#include <Poco/Logger.h>

namespace passway::admin {

void AdminServices::publish(const events::Outgoing& event) const {
    try {
        bus.publish(event.topic, event.payload, "admin");
    } catch (const std::exception& e) {
        Poco::Logger::get("admin").error("could not publish " + event.topic + ": " + e.what());
    }
}

} // namespace passway::admin
