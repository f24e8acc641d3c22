// The persons' side: downloadPersonData (v1 pic / v2 picUrl), deletePerson
// and setAdmin answer the operation in hand; uploadPerson and
// registrationModel bring what a terminal enrolled into the store through
// the host's intake policy.

#include "handlers/Endpoints.h"

#include "http/RequestRouter.h"
#include "mapping/Attendance.h"
#include "mapping/PersonEntry.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "wire/Reply.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

namespace passway::henan {

namespace {

std::optional<Operation> operationFor(Services& s, const TerminalRequest& r, const std::string& cmd) {
    auto op = s.desk.inHand(r.device.id, r.code());
    if (!op || op->cmd != cmd) return std::nullopt;
    return op;
}

std::optional<std::uint32_t> userIdOf(const std::string& text) {
    try {
        std::size_t used = 0;
        const unsigned long id = std::stoul(text, &used);
        if (used == text.size() && id > 0 && id <= 0xffffffffUL) return static_cast<std::uint32_t>(id);
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

void setCredential(Person& p, const std::string& kind, const std::string& value) {
    if (value.empty()) return;
    for (auto& c : p.credentials) {
        if (c.kind == kind) {
            c.value = value;
            return;
        }
    }
    p.credentials.push_back(Credential{kind, value, "", 0});
}

// One person a terminal sent (uploadPerson, registrationModel) into the store.
bool intakePerson(Services& s, const TerminalRequest& r, const Poco::JSON::Object& entry, const std::string& idField,
                  PersonIntakePolicy policy) {
    const auto userId = userIdOf(fieldText(entry, idField));
    if (!userId) return false;
    std::string photoBlob;
    const std::string pic = fieldText(entry, "pic");
    if (!pic.empty()) {
        const std::string bytes = decodeBase64(pic);
        if (bytes.empty() || bytes.size() > s.config.maxPhotoBytes * 2) return false;
        photoBlob = s.context.blobs().put(bytes);
    }
    const std::string name = fieldText(entry, "name");
    const std::string password = fieldText(entry, "password");
    const std::string card = fieldText(entry, "idCard");
    try {
        const auto outcome = s.context.persons().intake(
            r.device.id, *userId,
            [&](Person& p) {
                if (!name.empty()) p.name = name;
                if (!photoBlob.empty()) p.photoBlob = photoBlob;
                setCredential(p, "password", password);
                setCredential(p, "card", card);
            },
            policy);
        if (!outcome.stored) {
            s.context.logger().information("SN " + r.serial + ": person " + std::to_string(*userId) +
                                           " not stored: " + (outcome.reviewId ? "held for review" : outcome.note));
        }
        return true;
    } catch (const HostError& e) {
        if (e.kind() == HostError::Kind::Unavailable) throw;
        s.context.logger().warning("SN " + r.serial + ": person " + std::to_string(*userId) + " refused: " + e.what());
        return false;
    }
}

}  // namespace

net::HttpResponse downloadPersonData(Services& s, const TerminalRequest& r) {
    const auto op = operationFor(s, r, "downloadUser");
    if (!op) return Reply::ok(msg::kNoCommand);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
    for (const auto userId : op->userIds()) {
        const auto person = s.context.persons().find(userId);
        if (!person) continue;
        std::optional<std::string> bytes;
        std::string url;
        if (!person->photoBlob.empty()) {
            if (const auto fitted = s.context.blobs().fitPhoto(person->photoBlob, s.config.maxPhotoBytes)) {
                if (PersonEntry::usesUrl(r.version)) {
                    url = r.photoBase + RequestRouter::kPhotoPrefix + *fitted + ".jpg";
                } else {
                    bytes = s.context.blobs().get(*fitted);
                }
            }
        }
        list->add(PersonEntry::of(*person, r.version, bytes, url));
    }
    // `data` is a JSON string holding the array, as the document's example sends it.
    return Reply::ok(msg::kDone, json::text(list));
}

net::HttpResponse deletePerson(Services& s, const TerminalRequest& r) {
    const auto op = operationFor(s, r, "deletePerson");
    if (!op) return Reply::ok(msg::kNoCommand);
    auto data = json::ordered();
    data->set("userCode", op->params);
    return Reply::ok(msg::kGot, data);
}

net::HttpResponse setAdmin(Services& s, const TerminalRequest& r) {
    const auto op = operationFor(s, r, "setAdmin");
    if (!op) return Reply::ok(msg::kNoCommand);
    return Reply::ok(msg::kGot, json::objectOr(op->params));
}

net::HttpResponse uploadPerson(Services& s, const TerminalRequest& r) {
    Poco::JSON::Array::Ptr entries;
    try {
        const auto value = Poco::JSON::Parser().parse(r.param("data"));
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) entries = value.extract<Poco::JSON::Array::Ptr>();
    } catch (const std::exception&) {
    }
    if (!entries) throw HenanError(msg::kFailed, "data is not a JSON array of persons");
    std::string ok;
    std::string bad;
    int okCount = 0;
    int badCount = 0;
    for (unsigned i = 0; i < entries->size(); ++i) {
        const auto entry = entries->getObject(i);
        const std::string code = entry ? fieldText(*entry, "userCode") : "";
        if (entry && intakePerson(s, r, *entry, "userCode", PersonIntakePolicy::Upsert)) {
            ok += (ok.empty() ? "" : ",") + code;
            ++okCount;
        } else {
            bad += (bad.empty() ? "" : ",") + code;
            ++badCount;
        }
    }
    auto data = json::ordered();
    data->set("sucessNum", okCount);  // sic: the document's spelling
    if (okCount) data->set("sucessUserCodeStr", ok);
    if (badCount) data->set("errorUserCodeStr", bad);
    data->set("errorNum", badCount);
    if (badCount == 0) return Reply::ok(msg::kDone, json::text(data));
    return Reply::refused(msg::kNothingDone, json::text(data));
}

net::HttpResponse registrationModel(Services& s, const TerminalRequest& r) {
    const auto data = json::objectOr(r.param("data"));
    const std::string userId = fieldText(*data, "user_id");
    if (userId.empty() || fieldText(*data, "pic").empty()) throw HenanError(msg::kFailed, "data needs user_id and pic");
    // A photo the operator asked for (register_face in hand for this person)
    // is never held for review; anything else goes through the site's policy.
    const auto op = r.has("code") ? s.desk.inHand(r.device.id, r.code()) : std::nullopt;
    const bool requested = op && op->cmd == "registrationModel" && op->params == userId;
    if (!intakePerson(s, r, *data, "user_id", requested ? PersonIntakePolicy::Requested : PersonIntakePolicy::Upsert)) {
        throw HenanError(msg::kFailed, "the photo of user " + userId.substr(0, 32) + " cannot be stored");
    }
    return Reply::ok(msg::kDone);
}

}  // namespace passway::henan
