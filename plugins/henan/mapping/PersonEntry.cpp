#include "mapping/PersonEntry.h"

#include "passway/JsonText.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace passway::henan {

namespace {

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string credential(const Person& person, const std::string& kind) {
    for (const auto& c : person.credentials) {
        if (c.kind == kind) return c.value;
    }
    return "";
}

}  // namespace

std::string PersonEntry::password(const Person& person) { return credential(person, "password"); }
std::string PersonEntry::card(const Person& person) { return credential(person, "card"); }

Poco::JSON::Object::Ptr PersonEntry::of(const Person& person, const std::string& version,
                                        const std::optional<std::string>& photoBytes, const std::string& photoUrl) {
    auto o = json::ordered();
    o->set("userCode", std::to_string(person.userId));
    o->set("name", person.name);
    o->set("faceData", "");
    o->set("fingerprint", "");
    o->set("password", password(person));
    // idCard: the document's "id卡号" (the card a terminal reads), not the identity number.
    o->set("idCard", card(person));
    if (usesUrl(version)) {
        o->set("picUrl", photoUrl);
    } else {
        o->set("pic", photoBytes ? base64(*photoBytes) : std::string());
    }
    return o;
}

}  // namespace passway::henan
