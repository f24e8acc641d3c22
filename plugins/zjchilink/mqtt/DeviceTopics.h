#pragma once

#include "service/Services.h"

#include <atomic>
#include <functional>
#include <string>

namespace passway::zjchilink {

// What the MQTT topics mean (section 4, topic username/category/uuid/exectype):
//   update/create/delete  a device (gateway, lock) reports: its operation
//                         status (section 9) becomes the device's state in
//                         Passway, 400505 an alarm, an open with a key id a
//                         record; a state change is published to the other
//                         users who may see the device;
//   control/set           an app user asks: checked against the user's level
//                         on the device (3 control, 4 set), executed, and the
//                         new state published on .../update (refusals too, 400402);
//   query                 the state is published on .../update for that user.
// What the plugin publishes carries msg.sn "passway-<n>", so its own
// messages coming back from the broker are ignored.
class DeviceTopics {
public:
    using Publish = std::function<bool(const std::string& topic, const std::string& payload)>;

    DeviceTopics(Services& services, Publish publish) : s_(services), publish_(std::move(publish)) {}

    void handle(const std::string& topic, const std::string& payload);
    // Publishes the device's state with `status` on every entitled user's update topic but `except`'s.
    void publishState(Poco::JSON::Object::Ptr device, int status, const std::string& except = {});

private:
    void report(Poco::JSON::Object::Ptr device, const std::string& username, const Poco::JSON::Object::Ptr& envelope);
    void control(Poco::JSON::Object::Ptr device, const Poco::JSON::Object::Ptr& account, const std::string& exectype,
                 const Poco::JSON::Object::Ptr& envelope);
    std::string envelope(Poco::JSON::Object::Ptr device, int status, const std::string& desc = {});
    bool setLockState(Poco::JSON::Object::Ptr device, int status);

    Services& s_;
    Publish publish_;
    std::atomic<std::uint64_t> serial_{0};
};

// The lock state a section 9 code names ("closed", "normally_open", "open"); empty for other codes.
std::string lockStateOf(int status);

}  // namespace passway::zjchilink
