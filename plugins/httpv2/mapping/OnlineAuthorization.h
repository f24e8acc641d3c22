#pragma once

// Online authorization (/Device/RequestAuthorization): the rules that decide
// whether a terminal may open for a person, kept apart from the handler so a
// script hook can replace them later. Pure: the handler gathers the facts
// (person, time, the terminal's time groups, passes used), this decides.
//
// Rules, in order; the first that refuses decides:
//   1. the person is known                      else 0 "not registered"
//   2. the person is not blacklisted            else 0 "access denied"
//   3. validFrom <= now <= validUntil           else 0 "not yet valid" / "validity expired"
//   4. now lies in the person's time group,     else 0 "outside access hours"
//      as the terminal defines it (a group the terminal does not define, or
//      group 0 / none, does not restrict)
//   5. open times left: extra.openTimes 0 forbids, 65535 or absent is no
//      limit, N allows N passes in all                else 0 "no passes left"
// Then 1 with the greeting (plugin.httpv2.authorization_greeting, "{name}"
// replaced), or 2 (open, show nothing) when the greeting is empty.

#include "passway/model/Person.h"

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::httpv2 {

struct AuthorizationFacts {
    const Person* person = nullptr;          // null: nobody matched the record
    std::int64_t now = 0;                    // unix seconds
    int tzMinutes = 0;                       // the terminal's time zone
    Poco::JSON::Array::Ptr timeGroups;       // the terminal's TimeGroups (null: unknown)
    std::optional<std::int64_t> passesUsed;  // the person's passes so far (asked only when openTimes limits)
    std::string greeting = "{name}";
};

struct AuthorizationVerdict {
    int success = 0;        // the document's Success: 0 refuse, 1 open + message, 2 open silently
    std::string message;    // shown by the terminal
    std::string reason;     // snake_case, for logs and events ("" when allowed)
};

AuthorizationVerdict authorize(const AuthorizationFacts& facts);

// The person's limit of passes (extra.openTimes); nullopt: unlimited.
std::optional<std::int64_t> openTimesLimit(const Person& person);

} // namespace passway::httpv2
