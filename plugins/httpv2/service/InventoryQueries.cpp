#include "service/InventoryQueries.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace passway::httpv2 {

void InventoryQueries::expect(std::int64_t commandId, const std::vector<std::uint32_t>& userIds) {
    std::lock_guard lock(mutex_);
    auto& query = queries_[commandId];
    query.waiting.insert(userIds.begin(), userIds.end());
}

bool InventoryQueries::expects(std::int64_t commandId) const {
    std::lock_guard lock(mutex_);
    return queries_.count(commandId) > 0;
}

std::optional<std::vector<InventoryQueries::Answer>> InventoryQueries::answer(std::int64_t commandId,
                                                                            const Answer& answer) {
    std::lock_guard lock(mutex_);
    const auto found = queries_.find(commandId);
    if (found == queries_.end()) return std::nullopt;
    auto& query = found->second;
    query.waiting.erase(answer.userId);
    query.answered[answer.userId] = answer.present;
    if (!query.waiting.empty()) return std::nullopt;
    std::vector<Answer> all;
    for (const auto& [userId, present] : query.answered) all.push_back(Answer{userId, present});
    queries_.erase(found);
    return all;
}

void InventoryQueries::forget(std::int64_t commandId) {
    std::lock_guard lock(mutex_);
    queries_.erase(commandId);
}

std::string InventoryQueries::resultText(const std::vector<Answer>& answers) {
    Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array list;
    int present = 0;
    for (const auto& a : answers) {
        Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
        item.set("userId", static_cast<Poco::UInt64>(a.userId));
        item.set("present", a.present);
        list.add(item);
        present += a.present ? 1 : 0;
    }
    result.set("inventory", list);
    result.set("present", present);
    result.set("absent", static_cast<int>(answers.size()) - present);
    std::ostringstream out;
    result.stringify(out);
    return out.str();
}

} // namespace passway::httpv2
