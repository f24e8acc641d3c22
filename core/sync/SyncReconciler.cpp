#include "sync/SyncReconciler.h"

#include "passway/Events.h"
#include "store/Store.h"
#include "sync/SyncPolicy.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("sync"); }

constexpr const char* kPersonChanged = "person.changed";
constexpr const char* kDeviceStateChanged = "device.state.changed";
constexpr const char* kDeviceGroupsChanged = "device.access_groups.changed";
constexpr const char* kDeviceParametersChanged = "device.parameters.changed";
constexpr const char* kSyncWanted = "sync.wanted";

Poco::JSON::Object::Ptr parseObject(const std::string& json) {
    auto object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    if (!object) throw std::invalid_argument("payload is not a JSON object");
    return object;
}

std::int64_t requiredId(const Poco::JSON::Object& payload, const std::string& field) {
    if (!payload.has(field) || payload.isNull(field)) throw std::invalid_argument("payload has no " + field);
    return payload.getValue<std::int64_t>(field);
}

} // namespace

SyncReconciler::SyncReconciler(Store& store, EventBus& bus, SyncReconcilerOptions options)
    : store_(store), bus_(bus), options_(options) {}

SyncReconciler::~SyncReconciler() {
    try {
        stop();
    } catch (const std::exception& e) {
        log().error(std::string("stopping the sync reconciler: ") + e.what());
    }
}

void SyncReconciler::start() {
    // Subscribed before the full pass: a change made during the pass is
    // reconciled again after it, never lost between the two.
    for (const char* topic : {kPersonChanged, kDeviceStateChanged, kDeviceGroupsChanged, kDeviceParametersChanged}) {
        subscriptions_.push_back(bus_.subscribe(topic, [this](const Event& event) { onEvent(event); }, "sync"));
    }
    try {
        const std::size_t changed = reconcileAll();
        log().information("sync ledger reconciled at start: " + std::to_string(changed) + " entries changed");
    } catch (const std::exception& e) {
        // The periodic pass tries again; the host runs meanwhile.
        log().error(std::string("reconciling the sync ledger at start: ") + e.what());
    }
    if (options_.fullPassInterval.count() > 0) periodic_ = std::thread([this] { runPeriodicPasses(); });
}

void SyncReconciler::stop() {
    {
        std::lock_guard lock(periodicMutex_);
        stopping_ = true;
    }
    periodicWake_.notify_all();
    if (periodic_.joinable()) periodic_.join();
    for (const auto id : subscriptions_) bus_.unsubscribe(id);
    subscriptions_.clear();
}

void SyncReconciler::runPeriodicPasses() {
    std::unique_lock lock(periodicMutex_);
    while (!periodicWake_.wait_for(lock, options_.fullPassInterval, [this] { return stopping_; })) {
        lock.unlock();
        try {
            const std::size_t changed = reconcileAll();
            if (changed > 0) log().information("periodic pass: " + std::to_string(changed) + " sync entries changed");
        } catch (const std::exception& e) {
            log().error(std::string("periodic sync reconcile: ") + e.what());
        }
        lock.lock();
    }
}

void SyncReconciler::onEvent(const Event& event) {
    try {
        const auto payload = parseObject(event.payload);
        if (event.topic == kPersonChanged) {
            reconcilePerson(static_cast<std::uint32_t>(requiredId(*payload, "userId")));
        } else if (event.topic == kDeviceStateChanged) {
            if (payload->optValue<std::string>("state", "") == toString(DeviceState::Active)) {
                reconcileDevice(requiredId(*payload, "deviceId"));
                retryFailed(requiredId(*payload, "deviceId"));
            }
        } else if (event.topic == kDeviceGroupsChanged) {
            reconcileDevice(requiredId(*payload, "deviceId"));
            retryFailed(requiredId(*payload, "deviceId"));
        } else if (event.topic == kDeviceParametersChanged) {
            retryFailed(requiredId(*payload, "deviceId"));  // e.g. its role codes (tcpjson mapping)
        }
    } catch (const std::exception& e) {
        log().error("cannot reconcile after " + event.topic + " " + event.payload + ": " + e.what());
    }
}

void SyncReconciler::retryFailed(std::int64_t deviceId) {
    // A refusal is permanent "until the person or the device changes": the
    // device just did, so what it refused is tried again.
    if (store_.sync().retry(deviceId, std::nullopt) == 0) return;
    const auto event = events::syncWanted({deviceId});
    bus_.publish(event.topic, event.payload, "sync");
}

void SyncReconciler::apply(const std::vector<SyncWant>& wants) {
    store_.sync().wantAll(wants);
    if (wants.empty()) return;
    std::set<std::int64_t> devices;
    for (const auto& want : wants) devices.insert(want.deviceId);
    const auto event = events::syncWanted(std::vector<std::int64_t>(devices.begin(), devices.end()));
    bus_.publish(event.topic, event.payload, "sync");
}

std::size_t SyncReconciler::reconcileAll() {
    std::lock_guard lock(mutex_);
    // Every person read once; each device takes the ones it serves.
    const std::vector<Person> everyone = store_.persons().inAccessGroups({});
    std::size_t changed = 0;
    for (const auto& device : store_.devices().list()) {
        if (device.state != DeviceState::Active) continue;
        std::vector<Person> served;
        for (const auto& person : everyone) {
            if (SyncPolicy::groupsMatch(device.accessGroups, person.accessGroups)) served.push_back(person);
        }
        changed += reconcileDeviceLocked(device, served);
    }
    return changed;
}

std::size_t SyncReconciler::reconcileDevice(std::int64_t deviceId) {
    std::lock_guard lock(mutex_);
    const auto device = store_.devices().find(deviceId);
    if (!device || device->state != DeviceState::Active) return 0;
    const std::size_t changed = reconcileDeviceLocked(*device, store_.persons().inAccessGroups(device->accessGroups));
    if (changed > 0) {
        log().information("device " + std::to_string(deviceId) + " (" + device->serial + "): " +
                          std::to_string(changed) + " sync entries changed");
    }
    return changed;
}

std::size_t SyncReconciler::reconcileDeviceLocked(const Device& device, const std::vector<Person>& served) {
    std::map<std::uint32_t, SyncEntry> entries;
    for (auto& entry : store_.sync().forDevice(device.id)) entries.emplace(entry.userId, std::move(entry));
    std::vector<SyncWant> wants;
    for (const auto& person : served) {
        const auto found = entries.find(person.userId);
        const SyncEntry* entry = found == entries.end() ? nullptr : &found->second;
        if (auto want = SyncPolicy::nextWant(device.id, person.userId, entry, person.version)) wants.push_back(*want);
        if (found != entries.end()) entries.erase(found);
    }
    // Left: persons the device held or wanted and no longer serves.
    for (const auto& [userId, entry] : entries) {
        if (auto want = SyncPolicy::nextWant(device.id, userId, &entry, std::nullopt)) wants.push_back(*want);
    }
    apply(wants);
    return wants.size();
}

std::size_t SyncReconciler::reconcilePerson(std::uint32_t userId) {
    std::lock_guard lock(mutex_);
    const std::optional<Person> person = store_.persons().find(userId);
    std::map<std::int64_t, SyncEntry> entries;
    for (auto& entry : store_.sync().forPerson(userId)) entries.emplace(entry.deviceId, std::move(entry));
    std::vector<SyncWant> wants;
    for (const auto& device : store_.devices().list()) {
        const auto found = entries.find(device.id);
        const SyncEntry* entry = found == entries.end() ? nullptr : &found->second;
        std::optional<std::int64_t> wanted;  // none: the device should not hold the person
        if (person) {
            // A device that is not active keeps its entries as they are until
            // it is active again, when it is reconciled as a whole.
            if (device.state != DeviceState::Active) continue;
            if (SyncPolicy::serves(device, *person)) wanted = person->version;
        }
        if (auto want = SyncPolicy::nextWant(device.id, userId, entry, wanted)) wants.push_back(*want);
    }
    apply(wants);
    return wants.size();
}

} // namespace passway
