// /People/PushPeople: a person the terminal added, changed, deleted or was
// asked for (PushType 1-4), multipart with a Detail part (often gzip'd) and
// an optional photo. What the host does with it is
// plugin.httpv2.push_people_policy (service/PersonIntake.h). A push without
// Detail has nothing to update (an FC-8190H sends only SN, PushType, UserID).

#include "handlers/Handlers.h"

#include "mapping/PeopleJsonReader.h"
#include "wire/TolerantJson.h"

#include <Poco/Logger.h>

namespace passway::httpv2 {

void handlePushPeople(Exchange& ex) {
    const auto device = ex.activeDevice(ex.formText({"SN"}));
    auto& s = ex.services();
    const auto policy = ex.config().pushPeoplePolicy;
    const auto pushType = JsonFields::asInteger(Poco::Dynamic::Var(ex.formText({"PushType"}))).value_or(0);
    const auto userId = JsonFields::asUserId(Poco::Dynamic::Var(ex.formText({"UserID"})));
    if (policy == PushPeoplePolicy::Ignore) {
        ex.send(Reply::ok());
        return;
    }
    if (pushType == 3) {
        if (userId) s.context.sync().removedOnDevice(device->id, *userId);
        ex.send(Reply::ok());
        return;
    }
    const FormPart* detailPart = ex.form().find({"Detail", "PeopleJson", "People"});
    if (!detailPart || detailPart->body.empty()) {
        ex.send(Reply::ok());  // nothing to update
        return;
    }
    const auto detail = parseJsonObject(MultipartForm::decoded(*detailPart, ex.config().limits.maxInflated), "Detail");
    const DevicePerson person = readPeopleJson(detail, userId);
    PersonIntake::Outcome outcome;
    try {
        outcome = s.persons.accept(*device, person, ex.formFile({"Photo", "pic"}), policy);
    } catch (const HostError& e) {
        if (e.kind() != HostError::Kind::Conflict) throw;  // transient: the terminal pushes again
        // The terminal's data clashes with the host's (a card another person
        // holds): pushing it again would clash again, so it is acknowledged.
        s.context.logger().warning(ex.who() + ": person " + std::to_string(person.userId) +
                                   " not stored: " + e.what());
        ex.send(Reply::ok());
        return;
    }
    if (s.context.logger().debug()) {
        s.context.logger().debug(ex.who() + ": person " + std::to_string(person.userId) + " (PushType " +
                                 std::to_string(pushType) + "): " + (outcome.stored ? "stored" : outcome.note));
    }
    ex.send(Reply::ok());
}

} // namespace passway::httpv2
