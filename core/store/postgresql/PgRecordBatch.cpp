#include "store/postgresql/PgRecordBatch.h"

#include "store/RecordIdentity.h"
#include "store/postgresql/PgArray.h"

namespace passway {

PgRecordBatch::PgRecordBatch(const std::vector<Record>& records) : records_(records) {
    identities_.reserve(records.size());
    for (const auto& record : records) identities_.push_back(RecordIdentity::of(record));
}

std::string PgRecordBatch::lookupDevices() const {
    PgArray devices;
    for (const auto& record : records_) {
        if (!record.deviceRecordId.empty()) devices.add(record.deviceId);
    }
    return devices.text();
}

std::string PgRecordBatch::lookupKeys() const {
    PgArray keys;
    for (const auto& record : records_) {
        if (!record.deviceRecordId.empty()) keys.add(std::string_view(record.deviceRecordId));
    }
    return keys.text();
}

void PgRecordBatch::addStored(Stored row) {
    auto key = std::make_pair(row.deviceId, row.key);
    stored_[key].push_back(std::move(row));
}

std::size_t PgRecordBatch::resolve() {
    // A placeholder id for rows of this batch until ids are allocated: below
    // zero, where no stored id is.
    auto placeholder = [](std::size_t fresh) { return -1 - static_cast<std::int64_t>(fresh); };
    std::size_t fresh = 0;
    decisions_.clear();
    for (std::size_t i = 0; i < records_.size(); ++i) {
        const Record& record = records_[i];
        Decision decision;
        if (!record.deviceRecordId.empty()) {
            std::optional<std::int64_t> exact;
            std::optional<std::int64_t> legacy;
            auto samePerson = [&](const Stored& row) {
                if (row.userId.has_value() != record.userId.has_value()) return false;
                return !row.userId || *row.userId == static_cast<std::int64_t>(*record.userId);
            };
            for (const auto& row : stored_[{record.deviceId, record.deviceRecordId}]) {
                if (row.identity == identities_[i]) {
                    exact = row.id;
                    break;
                }
                if (row.identity.empty() && row.deviceTime == record.deviceTime && samePerson(row)) legacy = row.id;
            }
            decision.storedId = exact ? exact : legacy;
        }
        if (!decision.storedId) {
            decision.fresh = fresh++;
            decision.created = true;
            if (!record.deviceRecordId.empty()) {
                const std::optional<std::int64_t> user =
                    record.userId ? std::optional<std::int64_t>(*record.userId) : std::nullopt;
                addStored(Stored{placeholder(decision.fresh), record.deviceId, record.deviceRecordId, identities_[i],
                                 record.deviceTime, user});
            }
        } else if (*decision.storedId < 0) {
            // Repeats an earlier record of this batch.
            decision.fresh = static_cast<std::size_t>(-1 - *decision.storedId);
            decision.storedId.reset();
        }
        decisions_.push_back(decision);
    }
    return fresh;
}

PgRecordBatch::Columns PgRecordBatch::columns(const std::vector<std::int64_t>& ids, std::int64_t now) {
    ids_ = ids;
    std::array<PgArray, 15> columns;
    for (std::size_t i = 0; i < records_.size(); ++i) {
        if (!decisions_[i].created) continue;
        const Record& r = records_[i];
        std::size_t c = 0;
        columns[c++].add(ids_.at(decisions_[i].fresh));
        columns[c++].add(r.deviceId);
        // An empty number is stored as NULL, as SqliteRecordRepository does.
        columns[c++].add(r.deviceRecordId.empty() ? std::nullopt : std::optional<std::string>(r.deviceRecordId));
        columns[c++].add(std::string_view(identities_[i]));
        columns[c++].add(r.userId ? std::optional<std::int64_t>(*r.userId) : std::nullopt);
        columns[c++].add(std::string_view(r.card));
        columns[c++].add(r.deviceTime);
        columns[c++].add(r.receivedTime != 0 ? r.receivedTime : now);
        columns[c++].add(std::string_view(r.verifyType));
        columns[c++].add(std::string_view(r.direction));
        columns[c++].add(r.temperature);
        columns[c++].add(std::string_view(r.photoBlob));
        columns[c++].add(std::string_view(r.result));
        columns[c++].add(std::string_view(r.reason));
        columns[c++].add(std::string_view(r.raw));
    }
    Columns out;
    for (std::size_t c = 0; c < columns.size(); ++c) out[c] = columns[c].text();
    return out;
}

std::vector<RecordInsert> PgRecordBatch::results() const {
    std::vector<RecordInsert> out;
    out.reserve(decisions_.size());
    for (const auto& decision : decisions_) {
        out.push_back(decision.storedId ? RecordInsert{*decision.storedId, false}
                                        : RecordInsert{ids_.at(decision.fresh), decision.created});
    }
    return out;
}

} // namespace passway
