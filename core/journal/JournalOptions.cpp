#include "journal/JournalOptions.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway {

JournalOptions JournalOptions::read(const Poco::Util::AbstractConfiguration& config) {
    JournalOptions options;
    options.retention = std::chrono::hours(std::max(1, config.getInt("journal.retention_hours", 72)));
    options.batch = std::clamp(config.getInt("journal.batch", 500), 1, 10000);
    options.attempts = std::clamp(config.getInt("scripts.event_attempts", 3), 1, 100);
    return options;
}

} // namespace passway
