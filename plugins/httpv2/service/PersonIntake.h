#pragma once

#include "Httpv2Config.h"
#include "mapping/PeopleJsonReader.h"
#include "passway/PluginApi.h"
#include "service/BlobAccess.h"
#include "service/DeviceEntry.h"

#include <optional>
#include <string>

namespace passway::httpv2 {

// Persons that come from terminals (PushPeople, RegisterIdentifyTicketResult)
// into the host's person intake, which applies the policy, marks the
// terminal as holding what it sent and publishes person.changed. What is
// left here is the protocol's part: its person fields and its photo.
class PersonIntake {
public:
    PersonIntake(PluginContext& context, BlobAccess& blobs) : context_(context), blobs_(blobs) {}

    using Outcome = PersonService::IntakeOutcome;

    // Throws HostError (Conflict: the terminal's data clashes with the
    // host's, e.g. a card another person holds).
    Outcome accept(const DeviceEntry& device, const DevicePerson& data, const std::optional<std::string>& photo,
                   PushPeoplePolicy policy);

private:
    PluginContext& context_;
    BlobAccess& blobs_;
};

} // namespace passway::httpv2
