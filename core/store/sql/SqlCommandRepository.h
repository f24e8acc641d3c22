#pragma once

#include "store/CommandRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlCommandRepository : public CommandRepository {
public:
    explicit SqlCommandRepository(typename Sql::Database& db) : db_(db) {}

    Command queue(const Command& command) override;
    std::optional<Command> find(std::int64_t id) override;
    Page<Command> list(const CommandQuery& query) override;
    std::vector<Command> queuedFor(std::int64_t deviceId, int limit) override;
    bool transition(std::int64_t id, CommandState to, const std::string& result) override;
    std::vector<Command> unfinishedCreatedBefore(std::int64_t createdBefore, int limit) override;
    std::int64_t countInState(CommandState state) override;

private:
    std::optional<Command> findLocked(std::int64_t id);

    typename Sql::Database& db_;
};

} // namespace passway
