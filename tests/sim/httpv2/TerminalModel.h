#pragma once

// The terminal's memory: its people table, records, door, work settings and
// what it did. Sessions change it; tests read it from other threads, so every
// accessor locks and returns a copy.

#include "sim/httpv2/RecordSpec.h"
#include "sim/httpv2/TerminalState.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace passway::sim::httpv2 {

class TerminalModel {
public:
    TerminalModel(std::uint64_t firstRecordId, Poco::JSON::Object::Ptr settings);

    // People.
    std::map<std::uint32_t, StoredPerson> people() const;
    std::optional<StoredPerson> person(std::uint32_t userId) const;
    void storePerson(StoredPerson person);
    std::optional<std::uint32_t> cardOwner(const std::string& card, std::uint32_t except) const;
    int removePeople(const std::vector<std::uint32_t>& userIds);
    int clearPeople();
    void setFailure(std::uint32_t userId, PersonFailure failure);  // reported until cleared
    void clearFailure(std::uint32_t userId);
    // The failure to report for this attempt (counts down a `times` failure).
    std::optional<PersonFailure> failureFor(std::uint32_t userId);
    std::vector<std::uint32_t> deletedUserIds() const;  // every id removed, in order

    // Identification records.
    std::uint64_t addRecord(RecordSpec record);  // numbers it and fills the date if 0
    std::vector<RecordSpec> pendingRecords() const;
    void markUploaded(std::uint64_t recordId);
    int repostRecords();  // RepostRecord: all uploaded ones again
    // ClearRecord / Recover: every record deleted, and numbered from the
    // first RecordID again (as real terminals do: the server must not take
    // a new record for an old one).
    int clearRecords();
    std::vector<std::pair<RecordSpec, bool>> records() const;  // with their uploaded flag

    // System records (door sensor = kind 1, system = kind 2).
    void addSystemRecord(int kind, int recordType);
    std::vector<SystemRecord> pendingSystemRecords() const;
    void markSystemUploaded(const std::vector<std::uint64_t>& recordIds);
    std::vector<SystemRecord> systemRecords() const;

    // Its clock, as an offset from the real one (SystemTime).
    std::int64_t clockOffset() const;
    void setClockOffset(std::int64_t seconds);
    std::int64_t clockNow() const;  // unix seconds on its clock

    // Door and alarms.
    DoorState door() const;
    template <typename F>
    void changeDoor(F&& change) {
        std::lock_guard lock(mutex_);
        change(door_);
    }

    // Work settings.
    Poco::JSON::Object::Ptr settings() const;                // a deep copy
    int applySettings(const Poco::JSON::Object::Ptr& from);  // returns how many keys changed
    void replaceSettings(Poco::JSON::Object::Ptr settings);
    bool settingsUploaded() const;
    void setSettingsUploaded(bool uploaded);

    // People the terminal must push (/People/PushPeople): (userId, PushType).
    void queuePush(std::uint32_t userId, int pushType);
    std::vector<std::pair<std::uint32_t, int>> takePushes();

    // The camera (snapshots, face registration).
    void setCameraImage(std::string jpeg);
    std::string cameraImage() const;

    // Outcome of the next RegisterIdentifyTicket: Result and RepetitionUserID.
    void setRegisterOutcome(int result, std::uint32_t repetitionUserId = 0);
    std::pair<int, std::uint32_t> registerOutcome() const;

    // Logs.
    void logCall(CallRecord call);
    std::vector<CallRecord> calls() const;
    void logCommand(ExecutedCommand command);
    std::vector<ExecutedCommand> commands() const;
    void logSent(const std::string& path, const std::string& json);  // result reports as sent
    std::vector<std::pair<std::string, std::string>> sent() const;
    void countRestart();
    int restarts() const;

private:
    mutable std::mutex mutex_;
    std::map<std::uint32_t, StoredPerson> people_;
    std::map<std::uint32_t, PersonFailure> failures_;
    std::vector<std::uint32_t> deleted_;
    std::vector<std::pair<RecordSpec, bool>> records_;
    const std::uint64_t firstRecordId_;
    std::uint64_t nextRecordId_;
    std::int64_t clockOffset_ = 0;
    std::vector<SystemRecord> systemRecords_;
    std::uint64_t nextSystemRecordId_ = 1;
    DoorState door_;
    Poco::JSON::Object::Ptr settings_;
    bool settingsUploaded_ = false;
    std::vector<std::pair<std::uint32_t, int>> pushes_;
    std::string camera_;
    int registerResult_ = 1;
    std::uint32_t registerRepetition_ = 0;
    std::deque<CallRecord> calls_;  // the newest kMaxLog
    std::deque<ExecutedCommand> commands_;
    std::vector<std::pair<std::string, std::string>> sent_;
    int restarts_ = 0;
};

}  // namespace passway::sim::httpv2
