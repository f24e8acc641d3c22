#pragma once

#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace passway::admin {

// The person spreadsheet: columns
//   userId, code, name, job, department, idCard, role, validFrom, validUntil,
//   accessGroups (separated by |), cards (separated by |), password
// with times in unix milliseconds, as everywhere in the API.
//
// A row becomes the JSON body of a PATCH, so import and the REST API share
// one validation (PersonJson). The columns present are authoritative — an
// empty cell clears that field — except `password`: it is never exported,
// so an empty password cell keeps the person's current password.
class PersonCsv {
public:
    static const std::vector<std::string>& columns();

    // Reads the header row (names matched without regard to case or
    // surrounding blanks). ApiError 400 on an unknown or repeated column, or
    // when neither userId nor name is there.
    explicit PersonCsv(const std::vector<std::string>& header);

    bool has(const std::string& column) const { return index_.count(column) > 0; }
    // The userId cell of a row, if the column exists and the cell is filled;
    // ApiError::invalid("userId", ...) if it is not a valid id.
    std::optional<std::uint32_t> userId(const std::vector<std::string>& fields) const;
    // The row as a PATCH body for PersonJson::apply(); `existing` supplies the
    // credentials the row does not mention. Throws ApiError::invalid(column, ...).
    Poco::JSON::Object::Ptr toJson(const std::vector<std::string>& fields, const Person* existing) const;

    static std::vector<std::string> toRow(const Person& person);

private:
    std::string cell(const std::vector<std::string>& fields, const std::string& column) const;

    std::map<std::string, std::size_t> index_;  // column → position in the row
};

} // namespace passway::admin
