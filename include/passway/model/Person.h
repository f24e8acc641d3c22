#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// One credential a person can present at a terminal. Cards, passwords and QR
// codes carry their value inline; fingerprints, palm veins and face features
// are templates kept in the blob store and referenced by sha256.
struct Credential {
    std::string kind;      // card | password | qrcode | fingerprint | palmvein | face_feature
    std::string value;     // card number, password, QR text (empty for templates)
    std::string blob;      // sha256 of a template in the blob store (templates only)
    int index = 0;         // finger number, palm index, card slot
};

// The canonical person every protocol maps onto. `userId` is the numeric id
// terminals require (uint32); it is the person's key in Passway too.
struct Person {
    std::uint32_t userId = 0;
    std::string code;              // site's own employee/student code
    std::string name;
    std::string job;
    std::string department;
    std::string idCard;            // identity card number
    std::string role = "normal";   // normal | admin | blacklist
    std::optional<std::int64_t> validFrom;   // unix seconds
    std::optional<std::int64_t> validUntil;  // unix seconds
    std::string timeGroup;
    std::string extra;             // JSON object text: holidays, elevator floors, open times, ...
    std::vector<std::string> accessGroups;
    std::string photoBlob;         // sha256 of the face photo in the blob store
    std::vector<Credential> credentials;
    std::int64_t version = 0;      // bumped by the store on every change; the sync ledger compares it
    std::int64_t createdAt = 0;    // unix milliseconds
    std::int64_t updatedAt = 0;    // unix milliseconds
};

struct PersonQuery {
    std::string search;            // matches name, code, id card, user id, card number
    std::string accessGroup;       // empty: any
    std::string department;        // empty: any
    int offset = 0;
    int limit = 50;
};

} // namespace passway
