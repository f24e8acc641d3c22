#include "mapping/OnlineAuthorization.h"

#include "mapping/PersonExtra.h"
#include "mapping/TimeGroups.h"
#include "wire/JsonFields.h"
#include "wire/TolerantJson.h"

#include <Poco/String.h>

#include <algorithm>

namespace passway::httpv2 {

namespace {

AuthorizationVerdict refuse(const char* reason, const char* message) { return {0, message, reason}; }

// The host's sync rule (core/sync/SyncPolicy::groupsMatch), which a plugin
// cannot include: a device with no groups serves everyone.
bool sharesGroup(const std::vector<std::string>& deviceGroups, const std::vector<std::string>& personGroups) {
    if (deviceGroups.empty()) return true;
    return std::any_of(personGroups.begin(), personGroups.end(), [&](const std::string& group) {
        return std::find(deviceGroups.begin(), deviceGroups.end(), group) != deviceGroups.end();
    });
}

} // namespace

std::optional<std::int64_t> openTimesLimit(const Person& person) {
    if (person.extra.empty()) return std::nullopt;
    try {
        const auto times = JsonFields(parseJsonObject(person.extra, "extra")).integer(extra::kOpenTimes);
        if (!times || *times >= extra::kUnlimitedOpenTimes || *times < 0) return std::nullopt;
        return *times;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

AuthorizationVerdict authorize(const AuthorizationFacts& facts) {
    if (facts.recordResult == "refused") {
        return {0, "Access denied", facts.recordReason.empty() ? "refused_by_terminal" : facts.recordReason};
    }
    const Person* person = facts.person;
    if (!person) return refuse("unregistered", "Not registered");
    if (person->role == "blacklist") return refuse("blacklist", "Access denied");
    if (person->validFrom && facts.now < *person->validFrom) return refuse("not_yet_valid", "Not yet valid");
    if (person->validUntil && *person->validUntil > 0 && facts.now > *person->validUntil) {
        return refuse("validity_expired", "Validity expired");
    }
    if (!sharesGroup(facts.deviceGroups, person->accessGroups)) {
        return refuse("not_in_device_groups", "Not allowed at this door");
    }
    if (const auto group = JsonFields::asInteger(Poco::Dynamic::Var(person->timeGroup)); group && *group > 0) {
        const auto inside = inTimeGroup(facts.timeGroups, static_cast<int>(*group), localTime(facts.now, facts.tzMinutes));
        if (inside && !*inside) return refuse("outside_time_group", "Outside access hours");
    }
    if (const auto limit = openTimesLimit(*person)) {
        if (*limit == 0 || facts.passesUsed.value_or(0) >= *limit) return refuse("open_times_exhausted", "No passes left");
    }
    if (facts.greeting.empty()) return {2, "", ""};
    return {1, Poco::replace(facts.greeting, std::string("{name}"), person->name), ""};
}

} // namespace passway::httpv2
