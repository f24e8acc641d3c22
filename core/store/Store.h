#pragma once

#include "store/AuditRepository.h"
#include "store/CommandRepository.h"
#include "store/DeviceRepository.h"
#include "store/FaceEmbeddingRepository.h"
#include "store/KeyValueRepository.h"
#include "store/OutboxRepository.h"
#include "store/PersonRepository.h"
#include "store/RecordRepository.h"
#include "store/StoreError.h"
#include "store/SyncRepository.h"
#include "store/UserRepository.h"

#include <string>

namespace passway {

// The one store of Passway. SQLite is the embedded default; a PostgreSQL
// implementation can follow behind the same interface. All repositories are
// safe to call from any thread.
class Store {
public:
    virtual ~Store() = default;

    virtual PersonRepository& persons() = 0;
    virtual DeviceRepository& devices() = 0;
    virtual RecordRepository& records() = 0;
    virtual CommandRepository& commands() = 0;
    virtual SyncRepository& sync() = 0;
    virtual UserRepository& users() = 0;
    virtual AuditRepository& audit() = 0;
    virtual KeyValueRepository& kv() = 0;
    virtual OutboxRepository& outbox() = 0;
    virtual FaceEmbeddingRepository& faceEmbeddings() = 0;

    virtual int schemaVersion() = 0;
    // Makes everything written so far durable and compacts logs (called at shutdown).
    virtual void flush() = 0;
    virtual std::string describe() = 0;   // e.g. "sqlite:/var/lib/passway/passway.db"
};

} // namespace passway
