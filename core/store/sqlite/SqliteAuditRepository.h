#pragma once

#include "store/AuditRepository.h"

namespace passway {

class SqliteDatabase;

class SqliteAuditRepository : public AuditRepository {
public:
    explicit SqliteAuditRepository(SqliteDatabase& db) : db_(db) {}

    void append(const AuditEntry& entry) override;
    Page<AuditEntry> list(const AuditQuery& query) override;

private:
    SqliteDatabase& db_;
};

} // namespace passway
