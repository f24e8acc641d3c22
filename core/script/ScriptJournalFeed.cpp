#include "script/ScriptJournalFeed.h"

#include "outbox/OutboxDispatcher.h"
#include "script/Script.h"
#include "store/Store.h"

namespace passway {

bool ScriptJournalFeed::wants(const std::string& topic) const { return script_.handles(topic); }

JournalConsumer::Outcome ScriptJournalFeed::handle(const Event& event, std::string& error) {
    return script_.deliver(event, staged_, error);
}

void ScriptJournalFeed::commitStaged() {
    wroteOutbox_ = !staged_.empty();
    script_.services().store.outbox().enqueueAll(staged_.items());
}

void ScriptJournalFeed::committed() {
    staged_.clear();
    if (wroteOutbox_ && script_.services().outbox) script_.services().outbox->notify();
    wroteOutbox_ = false;
}

void ScriptJournalFeed::lost(std::int64_t from, std::int64_t to) {
    script_.recordError("journal", "events " + std::to_string(from) + ".." + std::to_string(to) +
                                       " were pruned (journal.retention_hours) while this script was stopped; "
                                       "it never saw them");
}

} // namespace passway
