#pragma once

#include "Httpv2Config.h"
#include "mapping/PeopleJsonReader.h"
#include "plugin/PluginApi.h"
#include "service/BlobAccess.h"
#include "service/DeviceEntry.h"
#include "service/EventPublisher.h"

#include <optional>
#include <string>

namespace passway::httpv2 {

// Persons that come from terminals (PushPeople, RegisterIdentifyTicketResult)
// into the store, and what a terminal's own changes mean for its sync ledger.
class PersonIntake {
public:
    PersonIntake(PluginContext& context, BlobAccess& blobs, EventPublisher& events)
        : context_(context), blobs_(blobs), events_(events) {}

    struct Outcome {
        bool stored = false;
        std::optional<Person> person;  // as stored
        std::string note;              // why nothing was stored
    };

    // Stores what the terminal holds of a person by `policy` (a new person
    // gets the terminal's access groups, so it is served there), the photo
    // included; the terminal's ledger entry is marked as holding the saved
    // version (it must not be pushed back to where it came from), and
    // person.changed goes out for the other terminals. Throws StoreError.
    Outcome accept(const DeviceEntry& device, const DevicePerson& data, const std::optional<std::string>& photo,
                   PushPeoplePolicy policy);

    // PushType 3: the terminal deleted the person itself. When the ledger
    // says it should hold them, the entry is opened again (the host is the
    // master of who is where).
    void removedOnDevice(std::int64_t deviceId, std::uint32_t userId);

    // The terminal holds nobody any more (DeleteAll done, factory reset):
    // pending removals are done, and what it held is pending again.
    void deviceCleared(std::int64_t deviceId);

private:
    void markHeld(const DeviceEntry& device, const Person& person);

    PluginContext& context_;
    BlobAccess& blobs_;
    EventPublisher& events_;
};

} // namespace passway::httpv2
