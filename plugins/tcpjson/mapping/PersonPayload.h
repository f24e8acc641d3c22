#pragma once

#include "TcpjsonConfig.h"
#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

#include <functional>
#include <optional>
#include <string>

namespace passway::tcpjson {

// Reads a blob by sha256 (the plugin hands in the host's blob store).
using BlobReader = std::function<std::optional<std::string>(const std::string& sha256)>;

// A canonical person as download_person's `person_info`: ids as strings,
// the first card, the password as key_number, the role by the configured
// codes, the face photo and (from extra.iris, blobs named by sha256) the
// iris images and codes as base64 with their size and format.
class PersonPayload {
public:
    static Poco::JSON::Object::Ptr personInfo(const Person& person, const TcpjsonConfig& config,
                                              const BlobReader& blobs);
    // {"person_id": "..."} for remove_person.
    static Poco::JSON::Object::Ptr personId(std::uint32_t userId);
};

} // namespace passway::tcpjson
