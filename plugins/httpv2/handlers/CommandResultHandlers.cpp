// Answers of the terminal to commands that have one:
// /Device/RegisterIdentifyTicketResult (register_identify_ticket) and
// /Device/UploadSnapshoot (snapshot). Both are multipart, with a photo. A
// snapshot may also come through RegisterIdentifyTicketResult (SN + Photo,
// no ResultJson), as the document's RemoteCommand table says.

#include "handlers/Handlers.h"

#include "mapping/ErrorCodes.h"
#include "mapping/PeopleJsonReader.h"
#include "wire/ProtocolError.h"

#include <Poco/Logger.h>

#include <sstream>

namespace passway::httpv2 {

namespace {

std::string text(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

} // namespace

void handleRegisterIdentifyTicketResult(Exchange& ex) {
    // The document's RemoteCommand table: Snapshoot "上传快照调用API
    // /Device/RegisterIdentifyTicketResult". Such a call carries SN and the
    // photo and no ResultJson: it is a snapshot.
    if (!ex.form().find({"ResultJson", "resultJson", "Result"}) && !ex.formText({"SN"}).empty() &&
        ex.form().find({"Photo", "pic", "Snapshoot", "Snapshot", "file"})) {
        handleUploadSnapshot(ex);
        return;
    }
    // Bounded work before identity: the SN field first, the result's JSON
    // only when the SN is nowhere else.
    std::string raw;
    Poco::JSON::Object::Ptr result;
    std::string serial = ex.formText({"SN"});
    if (serial.empty()) {
        result = ex.formJson({"ResultJson", "resultJson", "Result"}, &raw);
        serial = Exchange::serialOf(JsonFields(result));
    }
    const auto device = ex.activeDevice(serial);
    if (!result) result = ex.formJson({"ResultJson", "resultJson", "Result"}, &raw);
    const JsonFields f(result);
    auto& s = ex.services();

    const auto userId = f.userId("UserID");
    const int outcome = static_cast<int>(f.integer("Result").value_or(0));
    const auto command = s.commands.takeAwaiting(device->id, "register_identify_ticket", userId);

    Poco::JSON::Object answer(Poco::JSON_PRESERVE_KEY_ORDER);
    answer.set("result", outcome);
    answer.set("meaning", registerResultMeaning(outcome));
    if (userId) answer.set("userId", static_cast<Poco::UInt64>(*userId));
    if (const auto repeated = f.userId("RepetitionUserID")) answer.set("repetitionUserId", static_cast<Poco::UInt64>(*repeated));

    bool stored = outcome == 1;
    if (outcome == 1 && userId) {
        // The server asked for it: the credential is stored even under create_only.
        const auto detail = f.child("UserDetail");
        DevicePerson person;
        person.userId = *userId;
        if (detail) person = readPeopleJson(detail, userId);
        const auto photo = ex.formFile({"Photo", "pic"});
        // A result no command waited for is a terminal enrolling on its
        // own: it goes through the site's review like any PushPeople.
        const auto policy = ex.config().pushPeoplePolicy == PushPeoplePolicy::Ignore ? PushPeoplePolicy::Ignore
                            : command                                               ? PushPeoplePolicy::Requested
                                                                                    : PushPeoplePolicy::Upsert;
        PersonIntake::Outcome intake;
        try {
            intake = s.persons.accept(*device, person, photo, policy);
        } catch (const HostError& e) {
            if (e.kind() != HostError::Kind::Conflict) throw;
            stored = false;  // e.g. the card is another person's: registered on the terminal, not in the host
            intake.note = std::string("not stored: ") + e.what();
        }
        if (intake.person) {
            answer.set("version", static_cast<Poco::Int64>(intake.person->version));
            if (!intake.person->photoBlob.empty()) answer.set("photo", intake.person->photoBlob);
        }
        if (!intake.note.empty()) answer.set("note", intake.note);
    }
    if (command) {
        s.commands.finish(*command, stored ? CommandState::Done : CommandState::Failed, text(answer));
    } else {
        s.context.logger().information(ex.who() + ": a registration result no command waits for (user " +
                                       (userId ? std::to_string(*userId) : std::string("?")) + ")");
    }
    ex.send(Reply::ok());
}

void handleUploadSnapshot(Exchange& ex) {
    std::string serial = ex.formText({"SN"});
    const auto device = ex.activeDevice(serial);
    auto& s = ex.services();
    const auto photo = ex.formFile({"Photo", "pic", "Snapshoot", "Snapshot", "file"});
    const auto command = s.commands.takeAwaiting(device->id, "snapshot");
    if (!photo) {
        if (command) {
            s.commands.finish(*command, CommandState::Failed,
                              CommandTracker::resultText("error", "the terminal sent no photo"));
        }
        ex.send(Reply::ok());
        return;
    }
    const std::string blob = s.blobs.put(*photo);
    Poco::JSON::Object answer(Poco::JSON_PRESERVE_KEY_ORDER);
    answer.set("photo", blob);
    answer.set("bytes", static_cast<Poco::UInt64>(photo->size()));
    if (command) s.commands.finish(*command, CommandState::Done, text(answer));
    const auto event = events::deviceSnapshot(device->id, device->serial, s.context.pluginId(), blob,
                                              command ? command->id : 0);
    s.context.publish(event.topic, event.payload);
    ex.send(Reply::ok());
}

} // namespace passway::httpv2
