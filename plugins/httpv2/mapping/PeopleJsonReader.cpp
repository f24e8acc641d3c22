#include "mapping/PeopleJsonReader.h"

#include "mapping/PersonExtra.h"
#include "wire/Digest.h"
#include "wire/JsonFields.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>

namespace passway::httpv2 {

namespace {

bool isUrl(const std::string& text) {
    const std::string lower = Poco::toLower(text.substr(0, 8));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::optional<int> smallInt(const JsonFields& f, std::string_view key) {
    const auto v = f.integer(key);
    if (!v || *v < -2147483647 || *v > 2147483647) return std::nullopt;
    return static_cast<int>(*v);
}

void readTemplates(const JsonFields& f, std::string_view key, const char* kind, std::vector<DeviceTemplate>& out) {
    const auto list = f.array(key);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto item = list->getObject(static_cast<unsigned>(i));
        if (!item) continue;
        const JsonFields t(item);
        const auto data = t.text("Data");
        if (!data || data->empty() || isUrl(*data)) continue;
        DeviceTemplate tpl;
        tpl.kind = kind;
        tpl.index = smallInt(t, "Num").value_or(static_cast<int>(i));
        if (!base64Decode(*data, tpl.bytes)) continue;
        out.push_back(std::move(tpl));
    }
}

void replaceCredential(Person& person, const std::string& kind, const std::string& value) {
    auto& creds = person.credentials;
    creds.erase(std::remove_if(creds.begin(), creds.end(), [&](const Credential& c) { return c.kind == kind; }),
                creds.end());
    creds.push_back(Credential{kind, value, "", 0});
}

void replaceTemplate(Person& person, const std::string& kind, int index, const std::string& blob) {
    auto& creds = person.credentials;
    creds.erase(std::remove_if(creds.begin(), creds.end(),
                               [&](const Credential& c) { return c.kind == kind && c.index == index; }),
                creds.end());
    creds.push_back(Credential{kind, "", blob, index});
}

Poco::JSON::Object::Ptr extraObject(const Person& person) {
    if (!person.extra.empty()) {
        try {
            return parseJsonObject(person.extra, "extra");
        } catch (const std::exception&) {
            // Replaced below by what the terminal sent; the broken text is not kept.
        }
    }
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

} // namespace

DevicePerson readPeopleJson(const Poco::JSON::Object::Ptr& json, std::optional<std::uint32_t> fallbackUserId) {
    const JsonFields f(json);
    DevicePerson p;
    const auto userId = f.userId("UserID");
    if (!userId && !fallbackUserId) throw ProtocolError::badRequest("the person has no UserID (1..4294967295)");
    p.userId = userId ? *userId : *fallbackUserId;
    p.code = f.text("Code");
    p.name = f.text("Name");
    p.job = f.text("Job");
    p.department = f.text("Department");
    p.idCard = f.text("IdentityCard");
    p.attachment = f.text("Attachment");
    p.password = f.text("Password");
    p.cardNum = f.text("CardNum");
    p.qrCode = f.text("QRCode");
    p.holidays = f.text("Holidays");
    p.elevators = f.text("Elevators");
    p.accessType = smallInt(f, "AccessType");
    p.openTimes = smallInt(f, "OpenTimes");
    p.keepOpen = smallInt(f, "KeepOpen");
    p.timeGroup = smallInt(f, "Timegroup");
    p.expiration = f.integer("ExpirationDate");
    if (const auto photo = f.text("Photo"); photo && !photo->empty() && !isUrl(*photo)) {
        std::string bytes;
        if (base64Decode(*photo, bytes)) p.photo = std::move(bytes);
    }
    if (const auto face = f.text("FaceFeature"); face && !face->empty() && !isUrl(*face)) {
        DeviceTemplate tpl{"face_feature", 0, {}};
        if (base64Decode(*face, tpl.bytes)) p.templates.push_back(std::move(tpl));
    }
    readTemplates(f, "Fingerprints", "fingerprint", p.templates);
    readTemplates(f, "Palmveins", "palmvein", p.templates);
    return p;
}

void mergeDevicePerson(Person& person, const DevicePerson& device,
                       const std::function<std::string(std::string_view bytes)>& storeBlob) {
    person.userId = device.userId;
    if (device.code) person.code = *device.code;
    if (device.name) person.name = *device.name;
    if (device.job) person.job = *device.job;
    if (device.department) person.department = *device.department;
    if (device.idCard) person.idCard = *device.idCard;
    if (device.accessType) {
        person.role = *device.accessType == 1 ? "admin" : (*device.accessType == 2 ? "blacklist" : "normal");
    }
    if (device.expiration) {
        if (*device.expiration > 0) {
            person.validUntil = *device.expiration;
        } else {
            person.validUntil.reset();
        }
    }
    if (device.timeGroup) person.timeGroup = *device.timeGroup > 0 ? std::to_string(*device.timeGroup) : "";

    if (device.attachment || device.openTimes || device.keepOpen || device.holidays || device.elevators) {
        auto extra = extraObject(person);
        if (device.attachment) extra->set(extra::kAttachment, *device.attachment);
        if (device.openTimes) extra->set(extra::kOpenTimes, *device.openTimes);
        if (device.keepOpen) extra->set(extra::kKeepOpen, *device.keepOpen);
        if (device.holidays) extra->set(extra::kHolidays, *device.holidays);
        if (device.elevators) extra->set(extra::kElevators, *device.elevators);
        std::ostringstream out;
        extra->stringify(out);
        person.extra = out.str();
    }

    if (device.cardNum && !device.cardNum->empty() && *device.cardNum != "0") replaceCredential(person, "card", *device.cardNum);
    if (device.password && !device.password->empty()) replaceCredential(person, "password", *device.password);
    if (device.qrCode && !device.qrCode->empty()) replaceCredential(person, "qrcode", *device.qrCode);
    for (const auto& tpl : device.templates) replaceTemplate(person, tpl.kind, tpl.index, storeBlob(tpl.bytes));
}

} // namespace passway::httpv2
