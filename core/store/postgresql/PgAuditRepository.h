#pragma once

#include "store/AuditRepository.h"

namespace passway {

class PgDatabase;

class PgAuditRepository : public AuditRepository {
public:
    explicit PgAuditRepository(PgDatabase& db) : db_(db) {}

    void append(const AuditEntry& entry) override;
    Page<AuditEntry> list(const AuditQuery& query) override;

private:
    PgDatabase& db_;
};

} // namespace passway
