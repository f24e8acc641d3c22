#pragma once

#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passway::httpv2 {

// A template a terminal sent (base64 decoded).
struct DeviceTemplate {
    std::string kind;  // face_feature | fingerprint | palmvein
    int index = 0;     // Num
    std::string bytes;
};

// A person as a terminal describes it (PushPeople Detail,
// RegisterIdentifyTicketResult UserDetail): only what it sent is set.
struct DevicePerson {
    std::uint32_t userId = 0;
    std::optional<std::string> code, name, job, department, idCard, attachment;
    std::optional<std::string> password, cardNum, qrCode, holidays, elevators;
    std::optional<int> accessType, openTimes, keepOpen, timeGroup;
    std::optional<std::int64_t> expiration;  // 0: no limit
    std::optional<std::string> photo;        // bytes, when Photo held base64 (a URL on the terminal is not fetched)
    std::vector<DeviceTemplate> templates;   // templates sent inline (URLs are not fetched)
};

// Reads a PeopleJson object. `fallbackUserId` is used when the object has no
// UserID (PushPeople also sends it as a form field). Throws ProtocolError 400
// when neither gives a user id.
DevicePerson readPeopleJson(const Poco::JSON::Object::Ptr& json, std::optional<std::uint32_t> fallbackUserId);

// Applies what the terminal holds onto `person`: every field it sent
// replaces the stored one; a credential it sent replaces the person's of the
// same kind (and index, for templates); nothing is removed for being absent,
// and "0" or "" as a card or password means "none sent". `storeBlob` puts
// template bytes into the blob store and returns their sha256. The photo is
// the caller's (it may come as a multipart part instead).
void mergeDevicePerson(Person& person, const DevicePerson& device,
                       const std::function<std::string(std::string_view bytes)>& storeBlob);

} // namespace passway::httpv2
