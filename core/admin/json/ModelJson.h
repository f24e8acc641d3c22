#pragma once

#include "admin/http/RequestContext.h"
#include "model/AdminUser.h"
#include "passway/model/Command.h"
#include "passway/model/Device.h"
#include "passway/model/Record.h"
#include "model/SyncEntry.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace passway::admin::modeljson {

// Response shapes of the canonical objects: camelCase fields mirroring the
// model structs, times in unix milliseconds, stored JSON text embedded as
// JSON, blob references named by what they are ("photo": sha256 or null).
// Secrets never appear: an admin user is shown without its password hash.

Poco::JSON::Object::Ptr device(const Device& device);
Poco::JSON::Object::Ptr record(const Record& record, bool withRaw);
Poco::JSON::Object::Ptr command(const Command& command);
Poco::JSON::Object::Ptr audit(const AuditEntry& entry);
Poco::JSON::Object::Ptr user(const AdminUser& user);
Poco::JSON::Object::Ptr syncEntry(const SyncEntry& entry);

// {"items":[...],"total":N,"offset":..,"limit":..}
Poco::JSON::Object::Ptr list(const Poco::JSON::Array::Ptr& items, std::int64_t total, const Paging& paging);

} // namespace passway::admin::modeljson
