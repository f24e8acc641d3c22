#pragma once

#include "model/OutboxItem.h"

#include <cstddef>
#include <vector>

namespace passway {

// Deliveries a script's handlers queued while handling journal events:
// written with the cursor move that covers those events (one unit of work),
// so a crash can neither lose them nor, when the events are handled again,
// write them twice. Used by one subscriber thread at a time.
class StagedOutbox {
public:
    void add(OutboxItem item) { items_.push_back(std::move(item)); }
    std::size_t mark() const { return items_.size(); }
    void rollback(std::size_t mark) { items_.resize(mark); }  // a failed handler's items
    std::vector<OutboxItem>& items() { return items_; }
    bool empty() const { return items_.empty(); }
    void clear() { items_.clear(); }

private:
    std::vector<OutboxItem> items_;
};

} // namespace passway
