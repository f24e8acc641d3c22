#pragma once

#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace passway::henan {

// A person as /person/downloadPersonData hands it out:
// {"userCode","name","faceData","fingerprint","password","idCard","pic"|"picUrl"}.
// v1 carries the photo as base64 `pic`; v2 and later as `picUrl`, never
// both (the document: pic/picUrl同时只存在一个字段传参).
struct PersonEntry {
    static Poco::JSON::Object::Ptr of(const Person& person, const std::string& version,
                                      const std::optional<std::string>& photoBytes, const std::string& photoUrl);
    static bool usesUrl(const std::string& version) { return version != "v1" && !version.empty(); }
    static std::string password(const Person& person);
    static std::string card(const Person& person);
};

}  // namespace passway::henan
