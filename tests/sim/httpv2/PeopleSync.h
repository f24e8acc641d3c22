#pragma once

// The people steps of a session: pull people (/People/DownloadPeopleList in a
// loop, fetch each photo from its URL, check PhotoMD5, store or fail with the
// document's error codes, report /People/DownloadPeopleListResult) and remove
// people (/People/DeletePeopleList in a loop, /People/DeletePeopleListResult).

#include "sim/httpv2/TerminalState.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace passway::sim::httpv2 {

class Session;

class PeopleSync {
public:
    explicit PeopleSync(Session& session) : session_(session) {}

    void addPeople();
    void removePeople();

    // MD5 as the document writes it: 32 uppercase hex digits.
    static std::string md5Hex(const std::string& bytes);

private:
    // Stores one PeopleJson; returns the failure to report instead, if any.
    std::optional<PersonFailure> apply(const Poco::JSON::Object::Ptr& item, std::string& userIdText);
    std::optional<PersonFailure> fetchPhoto(const std::string& photo, StoredPerson& person);

    Session& session_;
};

}  // namespace passway::sim::httpv2
