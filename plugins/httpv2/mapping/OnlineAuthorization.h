#pragma once

// Online authorization (/Device/RequestAuthorization): the rules that decide
// whether a terminal may open for a person, kept apart from the handler so a
// script hook can replace them later. Pure: the handler gathers the facts
// (person, time, the terminal's time groups, passes used), this decides.
//
// The same rules decide who a device holds (the host's sync: an active
// device serves a person who shares one of its access groups, or every
// person when it has none), so a person a terminal would not hold is not let
// in online either. Rules, in order; the first that refuses decides:
//   0. the record is not a refusal of the terminal's own (RecordType 15-24,
//      26-28, 30 体温异常, 45, 48, 49): the built-in rules never turn what the
//      terminal refused into an open door      else 0 with the record's reason
//   1. the person is known                      else 0 "not registered"
//   2. the person is not blacklisted            else 0 "access denied"
//   3. validFrom <= now <= validUntil           else 0 "not yet valid" / "validity expired"
//   4. the person shares one of the device's    else 0 "not allowed at this door"
//      access groups (a device with none serves everyone)
//   5. now lies in the person's time group,     else 0 "outside access hours"
//      as the terminal defines it (a group the terminal does not define, or
//      group 0 / none, does not restrict)
//   6. open times left: extra.openTimes 0 forbids, 65535 or absent is no
//      limit, N allows N passes in all                else 0 "no passes left"
// A device that is not active never gets here (the handler answers 0 with
// the reason, in the document's shape).
// Then 1 with the greeting (plugin.httpv2.authorization_greeting, "{name}"
// replaced), or 2 (open, show nothing) when the greeting is empty.

#include "passway/model/Person.h"

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway::httpv2 {

struct AuthorizationFacts {
    const Person* person = nullptr;          // null: nobody matched the record
    std::int64_t now = 0;                    // unix seconds
    int tzMinutes = 0;                       // the terminal's time zone
    Poco::JSON::Array::Ptr timeGroups;       // the terminal's TimeGroups (null: unknown)
    std::optional<std::int64_t> passesUsed;  // the person's passes so far (asked only when openTimes limits)
    std::string greeting = "{name}";
    std::vector<std::string> deviceGroups;   // the device's access groups (empty: serves everyone)
    std::string recordResult = "pass";       // what the terminal made of the record: pass | refused | event
    std::string recordReason;                // its reason when refused
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
