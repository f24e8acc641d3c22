#pragma once

#include "passway/services/PersonService.h"
#include "plugin/services/PluginPolicy.h"
#include "plugin/services/ServiceScope.h"

namespace passway::plugin {

class PluginSync;

// PersonService over the store: reads, and the intake of persons terminals
// report, which also tells the sync ledger that the reporting device holds
// what it reported.
class PluginPersons final : public PersonService {
public:
    PluginPersons(ServiceScope scope, PluginSync& sync, const PluginPolicy& policy)
        : scope_(std::move(scope)), sync_(sync), reviewIntake_(policy.reviewPersonIntake) {}

    std::optional<Person> find(std::uint32_t userId) override;
    std::optional<Person> findByCredential(const std::string& kind, const std::string& value) override;
    std::int64_t passCount(std::uint32_t userId) override;
    IntakeOutcome intake(std::int64_t deviceId, std::uint32_t userId, const std::function<void(Person&)>& merge,
                         PersonIntakePolicy policy) override;

private:
    ServiceScope scope_;
    PluginSync& sync_;
    const bool reviewIntake_;  // plugin.<id>.person_intake = review
};

} // namespace passway::plugin
