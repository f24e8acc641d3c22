#pragma once

#include "journal/JournalConsumer.h"
#include "script/StagedOutbox.h"

namespace passway {

class Script;

// A script as a journal consumer: events go through its handlers, the
// deliveries they queue are staged and written with the cursor move, and
// events lost to retention become an error of the script.
class ScriptJournalFeed final : public JournalConsumer {
public:
    explicit ScriptJournalFeed(Script& script) : script_(script) {}

    bool wants(const std::string& topic) const override;
    Outcome handle(const Event& event, std::string& error) override;
    void commitStaged() override;
    void committed() override;
    void abandonStaged() override { staged_.clear(); }
    void lost(std::int64_t from, std::int64_t to) override;

private:
    Script& script_;
    StagedOutbox staged_;
    bool wroteOutbox_ = false;
};

} // namespace passway
