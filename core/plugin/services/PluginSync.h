#pragma once

#include "passway/model/Device.h"
#include "passway/model/Person.h"
#include "passway/services/SyncService.h"
#include "plugin/services/PluginPolicy.h"
#include "plugin/services/ServiceScope.h"

namespace passway::plugin {

// SyncService over the sync ledger. The ledger's versions (core/sync/
// SyncVersion.h) stay in here: plugins see tickets they hand back.
class PluginSync final : public SyncService {
public:
    PluginSync(ServiceScope scope, const PluginPolicy& policy) : scope_(std::move(scope)), policy_(policy) {}

    std::vector<SyncTask> next(std::int64_t deviceId, bool removals, int limit, const Skip& skip) override;
    void confirm(std::int64_t deviceId, const SyncTask& task) override;
    void confirmAll(const std::vector<SyncDone>& done) override;
    void fail(std::int64_t deviceId, std::uint32_t userId, SyncFailureKind kind, int code,
              const std::string& message) override;
    void removedOnDevice(std::int64_t deviceId, std::uint32_t userId) override;
    void cleared(std::int64_t deviceId) override;
    void reportHeld(std::int64_t deviceId, const HeldPerson& person) override;
    std::int64_t heldCount(std::int64_t deviceId) override;
    std::optional<std::int64_t> nextRetryAt(std::int64_t deviceId) override;

    // The device reported holding `person` as saved now (PersonService's
    // intake): its entry wants and has that version, so it is not sent back.
    void held(const Device& device, const Person& person);

private:
    ServiceScope scope_;
    const PluginPolicy policy_;
};

} // namespace passway::plugin
