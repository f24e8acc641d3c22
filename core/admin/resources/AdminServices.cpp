#include "admin/resources/AdminServices.h"

#include "admin/json/Json.h"
#include "bus/EventBus.h"

#include <Poco/Logger.h>

namespace passway::admin {

void AdminServices::publish(const events::Outgoing& event) const {
    // Not caught: inside the unit of work of its change, a journal that
    // refuses the event must take the change back with it (the caller
    // answers 500, nothing half-done stays).
    bus.publish(event.topic, event.payload, "admin");
}

} // namespace passway::admin
