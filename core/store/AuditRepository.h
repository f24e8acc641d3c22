#pragma once

#include "model/AdminUser.h"
#include "model/Page.h"

namespace passway {

class AuditRepository {
public:
    virtual ~AuditRepository() = default;

    virtual void append(const AuditEntry& entry) = 0;  // fills `at` when 0
    // Newest first.
    virtual Page<AuditEntry> list(const AuditQuery& query) = 0;
};

} // namespace passway
