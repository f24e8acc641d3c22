#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace passway::httpv2 {

// The answers a query_persons command collects: the terminal answers
// QueryPeople with one PushPeople (PushType 4) per user id, with Detail
// when it holds the person and without when it does not. The command
// finishes once every id it asked for was answered, its result the
// inventory of those ids. In memory: after a restart the command times out
// (command_result_timeout_s) while the answers still reach the inventory.
class InventoryQueries {
public:
    struct Answer {
        std::uint32_t userId = 0;
        bool present = false;
    };

    // The ids command `commandId` asked for (from its args).
    void expect(std::int64_t commandId, const std::vector<std::uint32_t>& userIds);
    bool expects(std::int64_t commandId) const;
    // Records one answer; the whole inventory once every id is answered.
    std::optional<std::vector<Answer>> answer(std::int64_t commandId, const Answer& answer);
    void forget(std::int64_t commandId);

    // {"inventory": [{"userId", "present"}], "present": n, "absent": n}
    static std::string resultText(const std::vector<Answer>& answers);

private:
    struct Query {
        std::set<std::uint32_t> waiting;
        std::map<std::uint32_t, bool> answered;
    };
    mutable std::mutex mutex_;
    std::map<std::int64_t, Query> queries_;
};

} // namespace passway::httpv2
