#pragma once

#include "store/AuditRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlAuditRepository : public AuditRepository {
public:
    explicit SqlAuditRepository(typename Sql::Database& db) : db_(db) {}

    void append(const AuditEntry& entry) override;
    Page<AuditEntry> list(const AuditQuery& query) override;

private:
    typename Sql::Database& db_;
};

} // namespace passway
