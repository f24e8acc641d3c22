#include "sim/httpv2/RemoteCommands.h"

#include "sim/httpv2/PeopleSync.h"
#include "sim/httpv2/Session.h"
#include "sim/httpv2/WorkSettings.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/String.h>

#include <sstream>

namespace passway::sim::httpv2 {

namespace {

Poco::JSON::Object::Ptr object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string text(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

int number(const Poco::JSON::Object::Ptr& reply, const std::string& key) {
    if (!reply->has(key) || reply->isNull(key)) return 0;
    try {
        return reply->get(key).convert<int>();
    } catch (const Poco::Exception&) {
        return 0;
    }
}

std::string string(const Poco::JSON::Object::Ptr& reply, const std::string& key) {
    if (!reply->has(key) || reply->isNull(key)) return "";
    try {
        return reply->get(key).convert<std::string>();
    } catch (const Poco::Exception&) {
        return "";
    }
}

}  // namespace

void RemoteCommands::log(const std::string& name, const std::string& value, const std::string& outcome) {
    session_.model().logCommand({name, value, outcome});
}

bool RemoteCommands::run() {
    auto request = object();
    request->set("SN", session_.options().sn);
    const HttpResponse response = session_.callJson("/Device/RemoteCommand", request);
    if (response.success() != 1) return false;
    const auto reply = response.json();
    TerminalModel& model = session_.model();
    auto value = [&](const char* key) { return text(reply->get(key)); };

    if (const int mode = number(reply, "Opendoor")) openDoor(mode, value("Opendoor"));
    if (number(reply, "Closealarm") == 1) {
        model.changeDoor([](DoorState& d) { d.alarmStatus.clear(); });
        log("Closealarm", value("Closealarm"), "alarms closed");
    }
    for (const char* key :
         {"OpenElevatorPort", "KeepOpenElevatorPort", "CloseElevatorPort", "LockElevatorPort", "UnlockElevatorPort"}) {
        if (!string(reply, key).empty()) log(key, value(key), "ports " + string(reply, key));
    }
    if (number(reply, "RepostRecord") == 1) {
        log("RepostRecord", value("RepostRecord"),
            std::to_string(model.repostRecords()) + " records marked for upload");
    }
    if (number(reply, "ClearRecord") == 1) {
        log("ClearRecord", value("ClearRecord"), std::to_string(model.clearRecords()) + " records deleted");
    }
    if (number(reply, "PushAllPeople") == 1) {
        const auto people = model.people();
        for (const auto& [id, person] : people) model.queuePush(id, 4);
        log("PushAllPeople", value("PushAllPeople"), std::to_string(people.size()) + " people to push");
    }
    if (const auto ids = reply->getArray("QueryPeople")) {
        for (std::size_t i = 0; i < ids->size(); ++i) {
            try {
                model.queuePush(ids->get(static_cast<unsigned>(i)).convert<std::uint32_t>(), 4);
            } catch (const Poco::Exception&) {
            }
        }
        log("QueryPeople", value("QueryPeople"), std::to_string(ids->size()) + " people to push");
    }
    if (number(reply, "Snapshoot") == 1) snapshot(value("Snapshoot"));
    if (reply->has("RegisterIdentifyTicket") && !reply->isNull("RegisterIdentifyTicket")) {
        registerTicket(reply, value("RegisterIdentifyTicket"));
    }
    if (const auto software = reply->getObject("PushSoftware")) pushSoftware(software, value("PushSoftware"));
    if (reply->has("PushSystemFile") && !reply->isNull("PushSystemFile")) {
        pushSystemFiles(reply->get("PushSystemFile"), value("PushSystemFile"));
    }
    if (number(reply, "Recover") == 1) {
        const int people = model.clearPeople();
        model.clearRecords();
        const auto& options = session_.options();
        model.replaceSettings(WorkSettings::defaults(options.sn,
                                                     "http://" + options.host + ":" + std::to_string(options.port),
                                                     options.keepaliveSeconds, std::time(nullptr)));
        log("Recover", value("Recover"), "factory reset, " + std::to_string(people) + " people removed");
    }
    if (number(reply, "Restart") == 1) {
        model.countRestart();
        model.setSettingsUploaded(false);  // a booting terminal uploads its settings again
        log("Restart", value("Restart"), "restarted");
        return true;
    }
    return false;
}

void RemoteCommands::openDoor(int mode, const std::string& value) {
    TerminalModel& model = session_.model();
    static const char* const kOutcome[] = {
        "", "door opened", "door kept open", "door closed (keep-open ended)", "door locked", "door unlocked"};
    // System record event types: 1 软件开门, 3 软件常开, 2 软件关门, 8 软件锁定, 9 软件解除锁定.
    static const int kSystemEvent[] = {0, 1, 3, 2, 8, 9};
    if (mode < 1 || mode > 5) {
        log("Opendoor", value, "ignored: unknown mode");
        return;
    }
    model.changeDoor([mode](DoorState& d) {
        switch (mode) {
            case 1:
                ++d.timesOpened;
                break;
            case 2:
                d.keepOpenStatus = 1;
                break;
            case 3:
                d.keepOpenStatus = 0;
                break;
            case 4:
                d.lockDoorStatus = 1;
                break;
            case 5:
                d.lockDoorStatus = 0;
                break;
        }
    });
    if (session_.options().systemRecordsForCommands) model.addSystemRecord(2, kSystemEvent[mode]);
    log("Opendoor", value, kOutcome[mode]);
}

void RemoteCommands::snapshot(const std::string& value) {
    const std::string jpeg = session_.model().cameraImage();
    const auto response = session_.call(session_.wire().snapshot(
        session_.options().sn, jpeg,
        session_.options().snapshotThroughRegisterResult ? "/Device/RegisterIdentifyTicketResult"
                                                         : "/Device/UploadSnapshoot"));
    log("Snapshoot", value,
        "snapshot of " + std::to_string(jpeg.size()) + " bytes uploaded, Success " +
            std::to_string(response.success()));
}

void RemoteCommands::registerTicket(const Poco::JSON::Object::Ptr& reply, const std::string& value) {
    TerminalModel& model = session_.model();
    int type = 0;
    std::uint32_t userId = 0;
    // The table: an object {RegisterType, UserID, RegisterIndex}; the example: flat
    // "RegisterIdentifyTicket": 4, "RegisterIdentifyUserID": 1.
    if (const auto ticket = reply->getObject("RegisterIdentifyTicket")) {
        type = number(ticket, "RegisterType");
        userId = static_cast<std::uint32_t>(number(ticket, "UserID"));
    } else {
        type = number(reply, "RegisterIdentifyTicket");
        userId = static_cast<std::uint32_t>(number(reply, "RegisterIdentifyUserID"));
    }
    const auto [outcome, repetition] = model.registerOutcome();
    auto result = object();
    result->set("SN", session_.options().sn);
    result->set("UserID", static_cast<Poco::UInt64>(userId));
    result->set("Result", outcome);
    if (outcome == 3) result->set("RepetitionUserID", static_cast<Poco::UInt64>(repetition));
    std::string photo;
    if (outcome == 1) {
        auto person = model.person(userId).value_or(StoredPerson{});
        person.userId = userId;
        Poco::JSON::Object::Ptr detail = object();
        if (person.detail) {
            for (const auto& [key, v] : *person.detail) detail->set(key, v);
        } else {
            detail->set("UserID", std::to_string(userId));
        }
        if (type == 4) {  // face: the camera's image becomes the person's photo
            photo = model.cameraImage();
            person.photo = photo;
            person.photoSource = "camera";
            person.photoMd5 = person.photoMd5Computed = PeopleSync::md5Hex(photo);
            detail->set("PhotoMD5", person.photoMd5);
            detail->set("PhotoLen", static_cast<Poco::UInt64>(photo.size()));
        } else if (type == 1) {
            person.cardNum = std::to_string(880000 + userId);
            detail->set("CardNum", person.cardNum);
        }
        person.detail = detail;
        result->set("UserDetail", detail);
        model.storePerson(person);
    }
    const auto response = session_.call(session_.wire().registerResult(result, photo), WireFormat::stringify(result));
    if (outcome == 1) model.queuePush(userId, 2);  // then push the person's new details
    log("RegisterIdentifyTicket", value,
        "type " + std::to_string(type) + " for user " + std::to_string(userId) + ": Result " + std::to_string(outcome) +
            ", answered Success " + std::to_string(response.success()));
}

void RemoteCommands::pushSoftware(const Poco::JSON::Object::Ptr& software, const std::string& value) {
    const std::string url = string(software, "SoftwareURL");
    const std::string md5 = string(software, "SoftwareMD5");
    const std::string version = string(software, "SoftwareVer");
    const HttpResponse file = session_.download(url);
    std::string outcome;
    if (file.status != 200) {
        outcome = "download failed (HTTP " + std::to_string(file.status) + ")";
    } else if (Poco::icompare(PeopleSync::md5Hex(file.body), md5) != 0) {
        outcome = "MD5 mismatch: " + PeopleSync::md5Hex(file.body);
    } else {
        auto change = object();
        change->set("FirmwareVerson", version);
        session_.model().applySettings(change);
        outcome = "firmware " + version + " installed (" + std::to_string(file.body.size()) + " bytes)";
    }
    log("PushSoftware", value, outcome);
}

void RemoteCommands::pushSystemFiles(const Poco::Dynamic::Var& files, const std::string& value) {
    Poco::JSON::Array::Ptr list;
    try {
        list = files.extract<Poco::JSON::Array::Ptr>();
    } catch (const Poco::Exception&) {
        log("PushSystemFile", value, "ignored: not an array");
        return;
    }
    std::string outcome;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto file = list->getObject(static_cast<unsigned>(i));
        if (!file) continue;
        const std::string name = "type " + string(file, "FileType") + " #" + string(file, "FileIndex");
        if (number(file, "IsDelete") == 1) {
            outcome += name + " deleted; ";
            continue;
        }
        const HttpResponse body = session_.download(string(file, "FileURL"));
        const bool ok =
            body.status == 200 && Poco::icompare(PeopleSync::md5Hex(body.body), string(file, "FileMD5")) == 0;
        outcome += name + (ok ? " installed; " : " failed; ");
    }
    log("PushSystemFile", value, outcome);
}

}  // namespace passway::sim::httpv2
