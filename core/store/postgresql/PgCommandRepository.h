#pragma once

#include "store/CommandRepository.h"

namespace passway {

class PgDatabase;

class PgCommandRepository : public CommandRepository {
public:
    explicit PgCommandRepository(PgDatabase& db) : db_(db) {}

    Command queue(const Command& command) override;
    std::optional<Command> find(std::int64_t id) override;
    Page<Command> list(const CommandQuery& query) override;
    std::vector<Command> queuedFor(std::int64_t deviceId, int limit) override;
    bool transition(std::int64_t id, CommandState to, const std::string& result) override;
    std::vector<Command> unfinishedCreatedBefore(std::int64_t createdBefore, int limit) override;
    std::int64_t countInState(CommandState state) override;

private:
    std::optional<Command> findLocked(std::int64_t id);

    PgDatabase& db_;
};

} // namespace passway
