#include "service/PersonIntake.h"

namespace passway::httpv2 {

PersonIntake::Outcome PersonIntake::accept(const DeviceEntry& device, const DevicePerson& data,
                                           const std::optional<std::string>& photo, PushPeoplePolicy policy) {
    return context_.persons().intake(device.id, data.userId, [&](Person& person) {
        mergeDevicePerson(person, data, [this](std::string_view bytes) { return blobs_.put(bytes); });
        if (photo && !photo->empty()) {
            person.photoBlob = blobs_.put(*photo);
        } else if (data.photo) {
            person.photoBlob = blobs_.put(*data.photo);
        }
    }, policy);
}

} // namespace passway::httpv2
