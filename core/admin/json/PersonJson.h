#pragma once

#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

namespace passway::admin {

// The JSON shape of a person and its validation.
//
//   userId, code, name, job, department, idCard, role (normal|admin|blacklist),
//   validFrom, validUntil   unix milliseconds or null (the API's one time
//                           unit; kept to the second, as terminals do),
//   timeGroup, accessGroups [string], extra {object},
//   credentials [{kind, value, index}], photo (sha256, read-only),
//   version, createdAt, updatedAt (read-only)
//
// Credentials of kind card, password and qrcode are written through the API.
// Templates (fingerprint, palmvein, face_feature) come from terminals: they
// are shown with their blob but ignored on input and always kept.
// A password credential is never shown with its value; sent back without a
// value it keeps the stored one, so a GET result can be PUT back unchanged.
class PersonJson {
public:
    static constexpr std::int64_t kMaxMillis = 253402300799999;  // 9999-12-31T23:59:59.999Z

    static Poco::JSON::Object::Ptr toJson(const Person& person);

    // Applies the writable fields of `body` to `person`. With `replace` (POST,
    // PUT) a writable field missing from the body is reset to its default;
    // without it (PATCH) it keeps its value. userId is the caller's business.
    // Throws ApiError::invalid naming the offending field.
    static void apply(const Poco::JSON::Object::Ptr& body, Person& person, bool replace);

    // Checks across fields, after apply(): a name, and validUntil not before validFrom.
    static void validate(const Person& person);

    static bool isTemplateKind(const std::string& kind);
};

} // namespace passway::admin
