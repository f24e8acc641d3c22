// /People/PushPeople: a person the terminal added, changed, deleted or was
// asked for (PushType 1-4), multipart with a Detail part (often gzip'd) and
// an optional photo. A push without Detail has nothing to update (an
// FC-8190H sends only SN, PushType, UserID), except for PushType 4, where it
// means "I do not hold this person".
//
//   1, 2  added or edited on the terminal: the host's person intake, under
//         plugin.httpv2.push_people_policy and the site's person_intake
//         (review by default: new persons, admin roles and new cards wait
//         for an operator).
//   3     deleted on the terminal: the ledger sends the person again if the
//         device should hold them.
//   4     an answer to QueryPeople / PushAllPeople: the device's inventory,
//         never a change of the person; a query_persons command finishes
//         once every id it asked for was answered.

#include "handlers/Handlers.h"

#include "mapping/PeopleJsonReader.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include <sstream>

namespace passway::httpv2 {

namespace {

// What the inventory keeps of a reported person: enough to see it is the
// right one, no secrets.
std::string summaryOf(const DevicePerson& person, bool photo) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    if (person.name) o.set("name", *person.name);
    if (person.accessType) o.set("accessType", *person.accessType);
    o.set("card", person.cardNum && *person.cardNum != "0" && !person.cardNum->empty());
    o.set("photo", photo);
    o.set("templates", static_cast<int>(person.templates.size()));
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

void reportInventory(Exchange& ex, const DeviceEntry& device, std::uint32_t userId, bool present,
                     const std::string& summary) {
    auto& s = ex.services();
    s.context.sync().reportHeld(device.id, HeldPerson{userId, present, summary});
    for (const auto commandId : s.commands.awaitingIds(device.id, "query_persons")) {
        const auto all = s.queries.answer(commandId, InventoryQueries::Answer{userId, present});
        if (!all) continue;
        if (const auto command = s.commands.take(device.id, commandId)) {
            s.commands.finish(*command, CommandState::Done, InventoryQueries::resultText(*all));
        }
        break;
    }
}

} // namespace

void handlePushPeople(Exchange& ex) {
    const auto device = ex.activeDevice(ex.formText({"SN"}));
    auto& s = ex.services();
    const auto policy = ex.config().pushPeoplePolicy;
    const auto pushType = JsonFields::asInteger(Poco::Dynamic::Var(ex.formText({"PushType"}))).value_or(0);
    const auto userId = JsonFields::asUserId(Poco::Dynamic::Var(ex.formText({"UserID"})));
    if (pushType == 3) {
        if (userId) s.context.sync().removedOnDevice(device->id, *userId);
        ex.send(Reply::ok());
        return;
    }
    const FormPart* detailPart = ex.form().find({"Detail", "PeopleJson", "People"});
    const bool hasDetail = detailPart && !detailPart->body.empty();
    if (pushType == 4 && !hasDetail) {
        if (userId) reportInventory(ex, *device, *userId, false, "{}");
        ex.send(Reply::ok());
        return;
    }
    if (!hasDetail || (policy == PushPeoplePolicy::Ignore && pushType != 4)) {
        ex.send(Reply::ok());  // nothing to update, or nothing wanted
        return;
    }
    const auto detail = parseJsonObject(MultipartForm::decoded(*detailPart, ex.config().limits.maxInflated), "Detail");
    const DevicePerson person = readPeopleJson(detail, userId);
    const auto photo = ex.formFile({"Photo", "pic"});
    if (pushType == 4) {
        reportInventory(ex, *device, person.userId, true, summaryOf(person, (photo && !photo->empty()) || person.photo));
        ex.send(Reply::ok());
        return;
    }
    PersonIntake::Outcome outcome;
    try {
        outcome = s.persons.accept(*device, person, photo, policy);
    } catch (const HostError& e) {
        if (e.kind() != HostError::Kind::Conflict) throw;  // transient: the terminal pushes again
        // The terminal's data clashes with the host's (a card another person
        // holds): pushing it again would clash again, so it is acknowledged.
        s.context.logger().warning(ex.who() + ": person " + std::to_string(person.userId) +
                                   " not stored: " + e.what());
        ex.send(Reply::ok());
        return;
    }
    if (outcome.reviewId != 0) {
        s.context.logger().information(ex.who() + ": person " + std::to_string(person.userId) + " (PushType " +
                                       std::to_string(pushType) + ") " + outcome.note + ", review #" +
                                       std::to_string(outcome.reviewId));
    } else if (s.context.logger().debug()) {
        s.context.logger().debug(ex.who() + ": person " + std::to_string(person.userId) + " (PushType " +
                                 std::to_string(pushType) + "): " + (outcome.stored ? "stored" : outcome.note));
    }
    ex.send(Reply::ok());
}

} // namespace passway::httpv2
