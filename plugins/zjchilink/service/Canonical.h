#pragma once

#include "ZjConfig.h"
#include "passway/PluginApi.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::zjchilink {

// What this API shares with the rest of Passway: its locks and gateways are
// devices of protocol zjchilink; keys and temporary passwords are
// credentials of canonical persons (through the SDK's person intake, so the
// sync ledger offers them to other protocols' terminals); lock open events
// are canonical records. Canonical user ids (README "Persons"):
//   app account n        -> person_id_base + n
//   home member n        -> person_id_base + 1000000 + n (a member with an account: the account's)
//   temporary password n -> person_id_base + 2000000 + n (a visitor, valid start..end)
class Canonical {
public:
    Canonical(PluginContext& context, const ZjConfig& config) : context_(context), config_(config) {}

    std::uint32_t accountPerson(std::int64_t accountId) const { return id(accountId, 0); }
    std::uint32_t memberPerson(std::int64_t memberId) const { return id(memberId, 1000000); }
    std::uint32_t visitorPerson(std::int64_t temporaryId) const { return id(temporaryId, 2000000); }

    // The host device of a uuid (registered at first sight) with the app's
    // description merged into its reported state.
    Device device(const std::string& uuid, const Poco::JSON::Object::Ptr& info);

    // Adds (or, with `remove`, takes away) a credential of the person,
    // creating the person with `name` when new. Throws HostError.
    PersonService::IntakeOutcome credential(std::int64_t deviceId, std::uint32_t userId, const std::string& name,
                                            const Credential& credential, bool remove,
                                            std::optional<std::int64_t> validFrom = {},
                                            std::optional<std::int64_t> validUntil = {});

    // A lock's open event as a record (idempotent on `eventId`).
    void openRecord(std::int64_t deviceId, const std::string& eventId, std::optional<std::uint32_t> userId,
                    const std::string& verifyType, std::int64_t atMs, const std::string& raw);

private:
    std::uint32_t id(std::int64_t n, std::uint32_t offset) const;

    PluginContext& context_;
    const ZjConfig& config_;
};

// The canonical credential kind of a key_type: 0 password, 1 card; others
// (fingerprints: templates the lock keeps) stay local (empty).
std::string credentialKind(std::int64_t keyType);

}  // namespace passway::zjchilink
