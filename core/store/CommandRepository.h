#pragma once

#include "passway/model/Command.h"
#include "model/Page.h"

#include <optional>
#include <vector>

namespace passway {

class CommandRepository {
public:
    virtual ~CommandRepository() = default;

    // Stores a new command in state queued; fills id and createdAt.
    virtual Command queue(const Command& command) = 0;
    virtual std::optional<Command> find(std::int64_t id) = 0;
    // Newest first.
    virtual Page<Command> list(const CommandQuery& query) = 0;
    // Queued commands of a device, oldest first.
    virtual std::vector<Command> queuedFor(std::int64_t deviceId, int limit) = 0;
    // Moves a command to `to`, stamping sentAt/finishedAt. Returns false when
    // the command does not exist or is already final.
    virtual bool transition(std::int64_t id, CommandState to, const std::string& result) = 0;
    // Queued or sent commands created before `createdBefore` (unix ms), oldest
    // first: the candidates for expiry (CommandExpirer).
    virtual std::vector<Command> unfinishedCreatedBefore(std::int64_t createdBefore, int limit) = 0;
    virtual std::int64_t countInState(CommandState state) = 0;
};

} // namespace passway
