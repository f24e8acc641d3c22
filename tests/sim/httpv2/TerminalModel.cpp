#include "sim/httpv2/TerminalModel.h"

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <chrono>
#include <ctime>
#include <sstream>
#include <utility>

namespace passway::sim::httpv2 {

namespace {

constexpr std::size_t kMaxLog = 4000;

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Poco::JSON::Object::Ptr deepCopy(const Poco::JSON::Object::Ptr& object) {
    if (!object) return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    std::ostringstream text;
    object->stringify(text);
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text.str()).extract<Poco::JSON::Object::Ptr>();
}

std::string text(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

template <typename Log, typename Item>
void append(Log& log, Item item) {
    log.push_back(std::move(item));
    if (log.size() > kMaxLog) log.pop_front();
}

}  // namespace

TerminalModel::TerminalModel(std::uint64_t firstRecordId, Poco::JSON::Object::Ptr settings)
    : firstRecordId_(firstRecordId), nextRecordId_(firstRecordId), settings_(std::move(settings)) {}

std::int64_t TerminalModel::clockOffset() const {
    std::lock_guard lock(mutex_);
    return clockOffset_;
}

void TerminalModel::setClockOffset(std::int64_t seconds) {
    std::lock_guard lock(mutex_);
    clockOffset_ = seconds;
}

std::int64_t TerminalModel::clockNow() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::int64_t>(std::time(nullptr)) + clockOffset_;
}

std::map<std::uint32_t, StoredPerson> TerminalModel::people() const {
    std::lock_guard lock(mutex_);
    return people_;
}

std::optional<StoredPerson> TerminalModel::person(std::uint32_t userId) const {
    std::lock_guard lock(mutex_);
    const auto it = people_.find(userId);
    if (it == people_.end()) return std::nullopt;
    return it->second;
}

void TerminalModel::storePerson(StoredPerson person) {
    std::lock_guard lock(mutex_);
    const auto it = people_.find(person.userId);
    person.timesReceived = (it == people_.end() ? 0 : it->second.timesReceived) + 1;
    people_[person.userId] = std::move(person);
}

std::optional<std::uint32_t> TerminalModel::cardOwner(const std::string& card, std::uint32_t except) const {
    if (card.empty() || card == "0") return std::nullopt;
    std::lock_guard lock(mutex_);
    for (const auto& [id, p] : people_) {
        if (id != except && p.cardNum == card) return id;
    }
    return std::nullopt;
}

int TerminalModel::removePeople(const std::vector<std::uint32_t>& userIds) {
    std::lock_guard lock(mutex_);
    int removed = 0;
    for (const auto id : userIds) {
        removed += static_cast<int>(people_.erase(id));
        deleted_.push_back(id);
    }
    return removed;
}

int TerminalModel::clearPeople() {
    std::lock_guard lock(mutex_);
    const int count = static_cast<int>(people_.size());
    for (const auto& [id, p] : people_) deleted_.push_back(id);
    people_.clear();
    return count;
}

void TerminalModel::setFailure(std::uint32_t userId, PersonFailure failure) {
    std::lock_guard lock(mutex_);
    failures_[userId] = std::move(failure);
}

void TerminalModel::clearFailure(std::uint32_t userId) {
    std::lock_guard lock(mutex_);
    failures_.erase(userId);
}

std::optional<PersonFailure> TerminalModel::failureFor(std::uint32_t userId) {
    std::lock_guard lock(mutex_);
    const auto it = failures_.find(userId);
    if (it == failures_.end()) return std::nullopt;
    PersonFailure failure = it->second;
    if (failure.times > 0 && --it->second.times == 0) failures_.erase(it);
    return failure;
}

std::vector<std::uint32_t> TerminalModel::deletedUserIds() const {
    std::lock_guard lock(mutex_);
    return deleted_;
}

std::uint64_t TerminalModel::addRecord(RecordSpec record) {
    std::lock_guard lock(mutex_);
    if (record.recordId == 0) record.recordId = nextRecordId_++;
    if (record.recordDate == 0) record.recordDate = nowSeconds();
    const auto id = record.recordId;
    records_.emplace_back(std::move(record), false);
    return id;
}

std::vector<RecordSpec> TerminalModel::pendingRecords() const {
    std::lock_guard lock(mutex_);
    std::vector<RecordSpec> pending;
    for (const auto& [record, uploaded] : records_) {
        if (!uploaded) pending.push_back(record);
    }
    return pending;
}

void TerminalModel::markUploaded(std::uint64_t recordId) {
    std::lock_guard lock(mutex_);
    for (auto& [record, uploaded] : records_) {
        if (record.recordId == recordId) uploaded = true;
    }
}

int TerminalModel::repostRecords() {
    std::lock_guard lock(mutex_);
    int count = 0;
    for (auto& entry : records_) {
        count += entry.second ? 1 : 0;
        entry.second = false;
    }
    for (auto& r : systemRecords_) r.uploaded = false;
    return count;
}

int TerminalModel::clearRecords() {
    std::lock_guard lock(mutex_);
    const int count = static_cast<int>(records_.size() + systemRecords_.size());
    records_.clear();
    systemRecords_.clear();
    nextRecordId_ = firstRecordId_;
    nextSystemRecordId_ = 1;
    return count;
}

std::vector<std::pair<RecordSpec, bool>> TerminalModel::records() const {
    std::lock_guard lock(mutex_);
    return records_;
}

void TerminalModel::addSystemRecord(int kind, int recordType) {
    std::lock_guard lock(mutex_);
    systemRecords_.push_back({nextSystemRecordId_++, kind, recordType, nowSeconds(), false});
}

std::vector<SystemRecord> TerminalModel::pendingSystemRecords() const {
    std::lock_guard lock(mutex_);
    std::vector<SystemRecord> pending;
    for (const auto& r : systemRecords_) {
        if (!r.uploaded) pending.push_back(r);
    }
    return pending;
}

void TerminalModel::markSystemUploaded(const std::vector<std::uint64_t>& recordIds) {
    std::lock_guard lock(mutex_);
    for (auto& r : systemRecords_) {
        for (const auto id : recordIds) {
            if (r.recordId == id) r.uploaded = true;
        }
    }
}

std::vector<SystemRecord> TerminalModel::systemRecords() const {
    std::lock_guard lock(mutex_);
    return systemRecords_;
}

DoorState TerminalModel::door() const {
    std::lock_guard lock(mutex_);
    return door_;
}

Poco::JSON::Object::Ptr TerminalModel::settings() const {
    std::lock_guard lock(mutex_);
    return deepCopy(settings_);
}

int TerminalModel::applySettings(const Poco::JSON::Object::Ptr& from) {
    std::lock_guard lock(mutex_);
    int changed = 0;
    for (const auto& [key, value] : *from) {
        if (key == "Success" || key == "Message") continue;
        if (!settings_->has(key) || text(settings_->get(key)) != text(value)) ++changed;
        settings_->set(key, value);
    }
    return changed;
}

void TerminalModel::replaceSettings(Poco::JSON::Object::Ptr settings) {
    std::lock_guard lock(mutex_);
    settings_ = std::move(settings);
}

bool TerminalModel::settingsUploaded() const {
    std::lock_guard lock(mutex_);
    return settingsUploaded_;
}

void TerminalModel::setSettingsUploaded(bool uploaded) {
    std::lock_guard lock(mutex_);
    settingsUploaded_ = uploaded;
}

void TerminalModel::queuePush(std::uint32_t userId, int pushType) {
    std::lock_guard lock(mutex_);
    pushes_.emplace_back(userId, pushType);
}

std::vector<std::pair<std::uint32_t, int>> TerminalModel::takePushes() {
    std::lock_guard lock(mutex_);
    return std::exchange(pushes_, {});
}

void TerminalModel::setCameraImage(std::string jpeg) {
    std::lock_guard lock(mutex_);
    camera_ = std::move(jpeg);
}

std::string TerminalModel::cameraImage() const {
    std::lock_guard lock(mutex_);
    return camera_;
}

void TerminalModel::setRegisterOutcome(int result, std::uint32_t repetitionUserId) {
    std::lock_guard lock(mutex_);
    registerResult_ = result;
    registerRepetition_ = repetitionUserId;
}

std::pair<int, std::uint32_t> TerminalModel::registerOutcome() const {
    std::lock_guard lock(mutex_);
    return {registerResult_, registerRepetition_};
}

void TerminalModel::logCall(CallRecord call) {
    std::lock_guard lock(mutex_);
    append(calls_, std::move(call));
}

std::vector<CallRecord> TerminalModel::calls() const {
    std::lock_guard lock(mutex_);
    return {calls_.begin(), calls_.end()};
}

void TerminalModel::logCommand(ExecutedCommand command) {
    std::lock_guard lock(mutex_);
    append(commands_, std::move(command));
}

std::vector<ExecutedCommand> TerminalModel::commands() const {
    std::lock_guard lock(mutex_);
    return {commands_.begin(), commands_.end()};
}

void TerminalModel::logSent(const std::string& path, const std::string& json) {
    std::lock_guard lock(mutex_);
    sent_.emplace_back(path, json);
}

std::vector<std::pair<std::string, std::string>> TerminalModel::sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
}

void TerminalModel::countRestart() {
    std::lock_guard lock(mutex_);
    ++restarts_;
}

int TerminalModel::restarts() const {
    std::lock_guard lock(mutex_);
    return restarts_;
}

}  // namespace passway::sim::httpv2
