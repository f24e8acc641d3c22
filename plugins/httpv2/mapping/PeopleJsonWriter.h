#pragma once

#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::httpv2 {

// A photo as PeopleJson carries it: a URL the terminal downloads from the
// plugin, or the bytes in base64 (plugin.httpv2.photo_mode).
struct PhotoRef {
    std::string value;         // URL or base64
    std::string md5;           // upper-case hex of the photo's bytes
    std::uint64_t length = 0;  // the photo's bytes
};

// Where the writer finds a person's blobs (BlobAccess in the plugin, a stub
// in tests).
class PersonAssets {
public:
    virtual ~PersonAssets() = default;
    virtual std::optional<PhotoRef> photo(const std::string& sha256) = 0;
    virtual std::optional<std::string> templateBase64(const std::string& sha256) = 0;
};

struct PeopleJsonOptions {
    // FaceFeatureMD5 and the templates' MD5 (of the base64 text sent): the
    // table makes them optional and does not say over which bytes; off by
    // default (plugin.httpv2.template_md5).
    bool templateMd5 = false;
    // Timegroup of a person without one (plugin.httpv2.timegroup_none). The
    // table says "1-64；0--表示受限制"; terminals read 0 as "no time group".
    int noTimeGroup = 0;
};

// The document's PeopleJson for a person (DownloadPeopleList): UserID and
// CardNum as strings, strings cut to the table's byte limits on a UTF-8
// boundary, ExpirationDate capped at 2099-12-31, Fingerprints and Palmveins
// always present (empty arrays when none). Credentials the person does not
// have are sent with the document's empty values (Password "", CardNum "0",
// QRCode "", Photo "", FaceFeature ""), and Timegroup always, so an update
// revokes what was removed instead of leaving it on the terminal. Person::extra gives Attachment,
// OpenTimes, KeepOpen, Holidays and Elevators (mapping/PersonExtra.h).
Poco::JSON::Object::Ptr toPeopleJson(const Person& person, PersonAssets& assets, const PeopleJsonOptions& options);

// `text` cut to at most `maxBytes` bytes without splitting a UTF-8 character.
std::string utf8Prefix(const std::string& text, std::size_t maxBytes);

} // namespace passway::httpv2
