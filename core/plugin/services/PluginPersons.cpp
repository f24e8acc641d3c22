#include "plugin/services/PluginPersons.h"

#include "plugin/services/HostCall.h"
#include "plugin/services/PluginSync.h"
#include "store/Store.h"

namespace passway::plugin {

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
