#include "service/PersonIntake.h"

#include "sync/SyncVersion.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace passway::httpv2 {

namespace {

bool servedBy(const std::vector<std::string>& deviceGroups, const std::vector<std::string>& personGroups) {
    if (deviceGroups.empty()) return true;
    return std::any_of(personGroups.begin(), personGroups.end(), [&](const std::string& group) {
        return std::find(deviceGroups.begin(), deviceGroups.end(), group) != deviceGroups.end();
    });
}

std::optional<SyncEntry> entryOf(Store& store, std::int64_t deviceId, std::uint32_t userId) {
    for (auto& entry : store.sync().forPerson(userId)) {
        if (entry.deviceId == deviceId) return entry;
    }
    return std::nullopt;
}

} // namespace

PersonIntake::Outcome PersonIntake::accept(const DeviceEntry& device, const DevicePerson& data,
                                           const std::optional<std::string>& photo, PushPeoplePolicy policy) {
    Outcome outcome;
    if (policy == PushPeoplePolicy::Ignore) {
        outcome.note = "push_people_policy is ignore";
        return outcome;
    }
    auto& persons = context_.store().persons();
    const std::optional<Person> existing = persons.find(data.userId);
    if (existing && policy == PushPeoplePolicy::CreateOnly) {
        outcome.note = "person exists; push_people_policy is create_only";
        outcome.person = existing;
        return outcome;
    }
    Person person = existing.value_or(Person{});
    if (!existing) {
        std::lock_guard lock(device.mutex);
        person.accessGroups = device.accessGroups;
    }
    mergeDevicePerson(person, data, [this](std::string_view bytes) { return blobs_.put(bytes); });
    if (photo && !photo->empty()) {
        person.photoBlob = blobs_.put(*photo);
    } else if (data.photo) {
        person.photoBlob = blobs_.put(*data.photo);
    }
    if (person.name.empty()) person.name = "user " + std::to_string(person.userId);

    const Person saved = persons.save(person);
    markHeld(device, saved);
    events_.personChanged(saved.userId, saved.version, existing ? "updated" : "created");
    outcome.stored = true;
    outcome.person = saved;
    return outcome;
}

void PersonIntake::markHeld(const DeviceEntry& device, const Person& person) {
    std::vector<std::string> groups;
    {
        std::lock_guard lock(device.mutex);
        if (device.state != DeviceState::Active) return;
        groups = device.accessGroups;
    }
    if (!servedBy(groups, person.accessGroups)) return;  // the reconciler decides about a person it does not serve
    auto& sync = context_.store().sync();
    const std::int64_t version = syncVersionOf(person.version);
    const auto entry = entryOf(context_.store(), device.id, person.userId);
    if (entry && !entry->removal && personVersionOf(entry->wantedVersion) == person.version) {
        sync.confirm(device.id, person.userId, entry->wantedVersion);  // the reconciler got there first
        return;
    }
    if (entry && personVersionOf(entry->wantedVersion) > person.version) return;  // changed again since: stays pending
    // Written here rather than by the reconciler so that the terminal is not
    // sent back what it just reported: the reconciler sees this entry already
    // wanting the person's version and leaves it alone.
    const std::int64_t wanted =
        entry ? std::max(version, std::max(entry->wantedVersion, entry->confirmedVersion) + 1) : version;
    sync.want(device.id, person.userId, wanted, false);
    sync.confirm(device.id, person.userId, wanted);
}

void PersonIntake::removedOnDevice(std::int64_t deviceId, std::uint32_t userId) {
    const auto entry = entryOf(context_.store(), deviceId, userId);
    if (!entry || entry->removal || entry->pending()) return;
    context_.store().sync().want(deviceId, userId, std::max(entry->wantedVersion, entry->confirmedVersion) + 1, false);
    context_.logger().information("person " + std::to_string(userId) + " was deleted on terminal device " +
                                  std::to_string(deviceId) + "; it is sent again");
}

void PersonIntake::deviceCleared(std::int64_t deviceId) {
    auto& sync = context_.store().sync();
    std::vector<SyncWant> reopen;
    std::size_t removed = 0;
    for (const auto& entry : sync.forDevice(deviceId)) {
        if (entry.removal) {
            if (entry.pending()) {
                sync.confirm(deviceId, entry.userId, entry.wantedVersion);
                ++removed;
            }
        } else if (entry.confirmedVersion > 0) {
            reopen.push_back(
                SyncWant{deviceId, entry.userId, std::max(entry.wantedVersion, entry.confirmedVersion) + 1, false});
        }
    }
    sync.wantAll(reopen);
    context_.logger().information("terminal device " + std::to_string(deviceId) + " holds nobody now: " +
                                  std::to_string(removed) + " removals done, " + std::to_string(reopen.size()) +
                                  " persons to send again");
}

} // namespace passway::httpv2
