#include "plugin/services/PluginPersons.h"

#include "plugin/services/HostCall.h"
#include "model/PersonSnapshot.h"
#include "plugin/services/PluginSync.h"
#include "store/Store.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace passway::plugin {

namespace {

// Why a change a terminal sent needs an operator: it mints a person, raises
// a role to admin or adds a card (credentials that open doors). Edits of
// names, photos or templates of known persons do not.
std::string reviewReasons(const std::optional<Person>& before, const Person& after) {
    std::vector<std::string> reasons;
    if (!before) reasons.push_back("new_person");
    if (after.role == "admin" && (!before || before->role != "admin")) reasons.push_back("role_admin");
    for (const auto& credential : after.credentials) {
        if (credential.kind != "card") continue;
        const bool known = before && std::any_of(before->credentials.begin(), before->credentials.end(),
                                                 [&](const Credential& c) {
                                                     return c.kind == "card" && c.value == credential.value;
                                                 });
        if (!known) {
            reasons.push_back("new_card");
            break;
        }
    }
    std::string joined;
    for (const auto& r : reasons) joined += (joined.empty() ? "" : ",") + r;
    return joined;
}

} // namespace

std::optional<Person> PluginPersons::find(std::uint32_t userId) {
    return hostCall([&] { return scope_.store.persons().find(userId); });
}

std::optional<Person> PluginPersons::findByCredential(const std::string& kind, const std::string& value) {
    return hostCall([&] { return scope_.store.persons().findByCredential(kind, value); });
}

std::int64_t PluginPersons::passCount(std::uint32_t userId) {
    RecordQuery passes;
    passes.userId = userId;
    passes.result = "pass";
    passes.limit = 1;
    return hostCall([&] { return scope_.store.records().query(passes).total; });
}

PersonService::IntakeOutcome PluginPersons::intake(std::int64_t deviceId, std::uint32_t userId,
                                                   const std::function<void(Person&)>& merge,
                                                   PersonIntakePolicy policy) {
    IntakeOutcome outcome;
    if (policy == PersonIntakePolicy::Ignore) {
        outcome.note = "the intake policy is ignore";
        return outcome;
    }
    const auto device = hostCall([&] { return scope_.store.devices().find(deviceId); });
    if (!device || device->protocol != scope_.pluginId) {
        throw HostError(HostError::Kind::NotFound, "device " + std::to_string(deviceId) + " is not this plugin's");
    }
    const auto existing = find(userId);
    if (existing && policy == PersonIntakePolicy::CreateOnly) {
        outcome.note = "person exists; the intake policy is create_only";
        outcome.person = existing;
        return outcome;
    }
    Person person = existing.value_or(Person{});
    person.userId = userId;
    if (!existing) person.accessGroups = device->accessGroups;  // so the terminal it came from serves them
    merge(person);
    person.userId = userId;  // the key is the terminal's, whatever merge did
    if (person.name.empty()) person.name = "user " + std::to_string(userId);
    if (reviewIntake_ && policy != PersonIntakePolicy::Requested) {
        const std::string reasons = reviewReasons(existing, person);
        if (!reasons.empty()) {
            PersonReview review;
            review.deviceId = deviceId;
            review.userId = userId;
            review.reasons = reasons;
            review.proposed = PersonSnapshot::write(person);
            review.baseVersion = existing ? existing->version : 0;
            PersonReview held;
            hostCall([&] {
                scope_.store.atomically([&] {
                    held = scope_.store.personReviews().hold(review);
                    scope_.publish(events::personReview(held.id, deviceId, userId, reasons, "pending"));
                });
            });
            scope_.logger.warning("device " + std::to_string(deviceId) + " sent person " + std::to_string(userId) +
                                  " (" + reasons + "): held for review #" + std::to_string(held.id));
            outcome.note = "held for review (" + reasons + ")";
            outcome.reviewId = held.id;
            outcome.person = existing;
            return outcome;
        }
    }
    Person saved;
    hostCall([&] {
        scope_.store.atomically([&] {  // the person, the ledger and the event: one fact
            saved = scope_.store.persons().save(person);
            sync_.held(*device, saved);
            scope_.publish(events::personChanged(saved.userId, saved.version, existing ? "updated" : "created",
                                                 scope_.pluginId));
        });
    });
    outcome.stored = true;
    outcome.person = saved;
    return outcome;
}

} // namespace passway::plugin
