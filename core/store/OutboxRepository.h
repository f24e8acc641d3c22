#pragma once

#include "model/OutboxItem.h"
#include "model/Page.h"

#include <optional>
#include <vector>

namespace passway {

class OutboxRepository {
public:
    virtual ~OutboxRepository() = default;

    // Durable when it returns; fills id, createdAt, nextAttemptAt (= now when 0).
    virtual OutboxItem enqueue(const OutboxItem& item) = 0;
    // An id that no item has or will be given except by the caller's later
    // enqueueAll: lets a caller answer with the id of an item it writes
    // later, together with other changes. Not inside a unit of work.
    virtual std::int64_t reserveId() = 0;
    // Enqueues many items in one transaction (a savepoint of the calling
    // thread's unit of work, when one is open). An item's id is used when
    // reserved (non-zero), else assigned; ids are filled in.
    virtual void enqueueAll(std::vector<OutboxItem>& items) = 0;
    virtual std::optional<OutboxItem> find(std::int64_t id) = 0;
    // Pending items whose nextAttemptAt <= now, oldest first.
    virtual std::vector<OutboxItem> due(std::int64_t now, int limit) = 0;
    // Due items taken for delivery by this host alone: none of them is due
    // to any host again before `leaseUntil` (unless marked failed earlier),
    // so that hosts sharing the store deliver each item once, and a dead
    // host's items are taken again when the lease ends. A store only one
    // host can open has nothing to share: its due items.
    virtual std::vector<OutboxItem> claimDue(std::int64_t now, int limit, std::int64_t /*leaseUntil*/) {
        return due(now, limit);
    }
    virtual bool markDelivered(std::int64_t id) = 0;
    // Counts an attempt; `dead` moves it to the dead-letter state.
    virtual bool markAttemptFailed(std::int64_t id, const std::string& error, std::int64_t nextAttemptAt, bool dead) = 0;
    // Dead or pending → pending now, attempts kept.
    virtual bool retry(std::int64_t id) = 0;
    virtual bool discard(std::int64_t id) = 0;
    virtual Page<OutboxItem> list(std::optional<OutboxState> state, int offset, int limit) = 0;
    virtual std::int64_t countInState(OutboxState state) = 0;
};

} // namespace passway
