// /Device/Keepalive: contact, door states, alarms, and the flags that tell
// the terminal what to do next. The hot path of an idle site (every
// terminal, every 15-30 s): the device comes from memory, the door states
// are written only when they change, the pending work is a few LIMIT
// queries (service/PendingWork.h).

#include "handlers/Handlers.h"

#include "mapping/DoorStatus.h"
#include "mapping/KeepaliveFlags.h"

namespace passway::httpv2 {

namespace {

std::vector<std::string> alarmsOf(const DoorStatus& status) { return status.alarms.value_or(std::vector<std::string>{}); }

// Keeps the door states in device.reported and announces alarms that appeared or ended.
void recordDoorStatus(Exchange& ex, DeviceEntry& device, const DoorStatus& update) {
    DoorStatus before;
    DoorStatus after;
    {
        std::lock_guard lock(device.mutex);
        before = device.door;
        after = overlay(before, update);
        if (after == before) return;
        device.door = after;
    }
    auto& s = ex.services();
    Poco::JSON::Object::Ptr doors = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    writeDoorStatus(*doors, after);
    s.devices.mergeReported(device, doors);
    for (const auto& alarm : raisedAlarms(alarmsOf(before), alarmsOf(after))) {
        ex.services().context.logger().warning(ex.who() + ": alarm " + alarm);
        s.context.devices().alarm(device.id, device.serial, DeviceAlarm{alarm, "keepalive", "", false});
    }
    if (update.alarms) {
        for (const auto& alarm : raisedAlarms(alarmsOf(after), alarmsOf(before))) {
            s.context.devices().alarm(device.id, device.serial, DeviceAlarm{alarm, "keepalive", "", true});
        }
    }
}

} // namespace

void handleKeepalive(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.identify(Exchange::serialOf(fields));
    // "Success 401/403: connected, but refused": the terminal waits for its next keepalive.
    ex.admit(*device);

    auto& s = ex.services();
    const bool reset = s.commands.tracking(device->id, "factory_reset");  // Recover sent: it comes back empty
    s.commands.acknowledge(device->id);  // it is back: what it was sent without an answer of its own is done
    if (reset) s.wipes.cleared(*device, "factory_reset", ex.now());
    recordDoorStatus(ex, *device, readDoorStatus(fields));

    Reply reply = Reply::ok();
    writeFlags(reply, s.work.probe(*device, ex.now()), ex.config().flagsMode);
    ex.send(reply);
}

} // namespace passway::httpv2
